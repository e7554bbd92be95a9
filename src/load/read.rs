//! Reading inputs from disk and stdin, bounded and confined.
//!
//! A map, and the folder it sits in, come from a pull request. What journeymap reads because
//! a map or a folder walk named it must stay in the repository the map belongs to: a symlink
//! `maps/x.journey.yaml -> /proc/self/environ` would otherwise put the CI job's secrets into
//! a public log. So every input path is resolved and must lie inside its repository (the
//! nearest folder above it holding `.git`, else the input's own folder) unless the user allows
//! symlinks out of it (`--follow-symlinks`); it must be a regular file (a FIFO would block
//! forever, `/dev/zero` never ends); and no more than the size limit is ever read, whatever
//! the file's metadata says.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether inputs may resolve outside their repository: the `--follow-symlinks` choice,
/// made once for the process before any input is read.
static FOLLOW_SYMLINKS: AtomicBool = AtomicBool::new(false);

/// Lets inputs be symlinks to anywhere (the user asked for it on the command line).
pub fn follow_symlinks(allow: bool) {
    FOLLOW_SYMLINKS.store(allow, Ordering::Relaxed);
}

/// What a bounded read found.
pub enum Bytes {
    /// The whole input.
    Whole(Vec<u8>),
    /// The input holds more than the limit; this much (the limit plus one byte) was read.
    TooLarge,
}

/// Reads at most `max + 1` bytes from `reader`: enough to know the input is too large
/// without ever holding more.
pub fn read_bounded(reader: impl Read, max: usize) -> std::io::Result<Bytes> {
    let mut bytes = Vec::new();
    reader.take(max as u64 + 1).read_to_end(&mut bytes)?;
    Ok(if bytes.len() > max {
        Bytes::TooLarge
    } else {
        Bytes::Whole(bytes)
    })
}

/// Reads standard input, bounded.
pub fn read_stdin(max: usize) -> Result<Bytes, String> {
    read_bounded(std::io::stdin().lock(), max).map_err(|e| format!("cannot read stdin: {e}"))
}

/// Reads the file at `path`, refusing what is not a regular file inside its repository.
/// `Err` is a message for the user (exit 2: journeymap could not run on that input).
pub fn read_file(path: &Path, max: usize) -> Result<Bytes, String> {
    let shown = path.display();
    let target = std::fs::canonicalize(path).map_err(|e| format!("{shown}: {e}"))?;
    if !FOLLOW_SYMLINKS.load(Ordering::Relaxed) {
        let root = repository_root(path);
        if !target.starts_with(&root) {
            return Err(format!(
                "{shown} leads to {}, outside {}; journeymap reads no file outside the \
                 repository it was given (pass --follow-symlinks to allow it)",
                target.display(),
                root.display()
            ));
        }
    }
    let file = open_without_blocking(path).map_err(|e| format!("{shown}: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("{shown}: {e}"))?;
    if !meta.is_file() {
        return Err(format!(
            "{shown} is {}, not a regular file; journeymap reads only regular files (and \
             standard input, as `-`)",
            kind_of(&meta)
        ));
    }
    read_bounded(file, max).map_err(|e| format!("{shown}: {e}"))
}

/// Opens for reading without waiting for a writer: a FIFO opened this way does not block,
/// and is then refused as not a regular file.
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// "a folder", "a named pipe (FIFO)", ... for messages.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    if meta.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

/// The folder a path may not leave: the nearest folder above it (as written, before any
/// symlink is followed) that holds `.git`; outside git, the nearest that holds the project's
/// `journeymap.toml` (a repository of maps copied or unpacked without its history); else the
/// folder it is in. Canonical, so that it compares with canonical targets.
pub fn repository_root(path: &Path) -> PathBuf {
    let absolute = lexical_absolute(path);
    let folder = absolute.parent().unwrap_or(Path::new("/"));
    let holding = |name: &str| folder.ancestors().find(|dir| dir.join(name).exists());
    let root = holding(".git")
        .or_else(|| holding("journeymap.toml"))
        .unwrap_or(folder);
    std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf())
}

/// Whether `path`, once every symlink in the part of it that exists is followed, lies in
/// `root` (canonical). A path that does not exist yet is judged by its deepest existing folder
/// and the names after it.
pub fn resolves_inside(path: &Path, root: &Path) -> bool {
    let by_name = lexical_absolute(path);
    let mut existing = by_name.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            let mut resolved = real;
            resolved.extend(rest.iter().rev());
            return resolved.starts_with(root);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return false,
        }
    }
}

pub use crate::source::lexical_absolute;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_reads_stop_past_the_limit() {
        let endless = std::io::repeat(b'y');
        assert!(matches!(
            read_bounded(endless, 1000).unwrap(),
            Bytes::TooLarge
        ));
        match read_bounded(&b"short"[..], 5).unwrap() {
            Bytes::Whole(b) => assert_eq!(b, b"short"),
            Bytes::TooLarge => panic!("five bytes fit a limit of five"),
        }
    }

    #[test]
    fn lexical_paths_resolve_dots_by_name() {
        assert_eq!(
            lexical_absolute(Path::new("/a/b/../c/./d")),
            PathBuf::from("/a/c/d")
        );
        assert_eq!(lexical_absolute(Path::new("/../..")), PathBuf::from("/"));
    }
}
