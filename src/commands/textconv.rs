//! `journeymap textconv FILE`: a map as normalized text for git's diff driver (docs/git.md).
//! It never fails on a broken map: git runs it on every revision it shows.

use std::io::{Read, Write};
use std::path::Path;

use super::{Fatal, exit};
use crate::cli::TextconvArgs;

pub fn run(args: &TextconvArgs) -> Result<u8, Fatal> {
    let (name, bytes) = if args.file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Fatal(format!("cannot read stdin: {e}")))?;
        ("<stdin>".to_string(), bytes)
    } else {
        let path: &Path = &args.file;
        let bytes = std::fs::read(path).map_err(|e| Fatal(format!("{}: {e}", path.display())))?;
        (path.display().to_string(), bytes)
    };
    let text = crate::diff::textconv::convert(&name, bytes);
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&text).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(exit::OK),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(exit::OK),
        Err(e) => Err(Fatal(format!("cannot write to stdout: {e}"))),
    }
}
