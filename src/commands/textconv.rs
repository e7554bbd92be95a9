//! `journeymap textconv FILE`: a map as normalized text for git's diff driver (docs/git.md).
//! It never fails on a broken map: git runs it on every revision it shows.

use std::io::Write;
use std::path::Path;

use super::{Fatal, exit};
use crate::cli::TextconvArgs;
use crate::load::read;

pub fn run(args: &TextconvArgs) -> Result<u8, Fatal> {
    let limit = crate::load::Limits::default().max_bytes;
    let (name, read) = if args.file.as_os_str() == "-" {
        ("<stdin>".to_string(), read::read_stdin(limit)?)
    } else {
        let path: &Path = &args.file;
        (path.display().to_string(), read::read_file(path, limit)?)
    };
    let bytes = match read {
        read::Bytes::Whole(bytes) => bytes,
        read::Bytes::TooLarge => {
            return Err(Fatal(format!(
                "{name} holds more than {limit} bytes; journey maps are limited to that"
            )));
        }
    };
    let text = crate::diff::textconv::convert(&name, bytes);
    // textconv's output reaches a terminal through `git diff`: bidirectional overrides in map
    // text are shown as escapes there too.
    let text = match String::from_utf8(text) {
        Ok(text) => crate::visible::visible(&text).into_owned().into_bytes(),
        Err(e) => e.into_bytes(),
    };
    crate::output::ensure_stdout_open().map_err(|e| Fatal(format!("cannot write: {e}")))?;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&text).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(exit::OK),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(exit::OK),
        Err(e) => Err(Fatal(format!("cannot write to stdout: {e}"))),
    }
}
