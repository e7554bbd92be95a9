//! `journeymap schema`: prints the committed schema, byte for byte.

use super::{Fatal, exit, print_stdout};

pub fn run() -> Result<u8, Fatal> {
    print_stdout(crate::schema::COMMITTED)?;
    Ok(exit::OK)
}
