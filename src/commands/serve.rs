//! `journeymap serve`: the preview server of [`crate::serve`], run until Ctrl-C.

use super::{Fatal, exit};
use crate::cli::ServeArgs;

pub fn run(args: &ServeArgs, color: bool) -> Result<u8, Fatal> {
    let options = crate::serve::Options {
        dir: args.dir.clone(),
        address: std::net::SocketAddr::new(args.host, args.port),
        open: args.open,
        color,
    };
    crate::serve::run(&options).map_err(Fatal)?;
    Ok(exit::OK)
}
