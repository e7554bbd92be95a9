//! Writing results: atomically to files (never a half-written diagram), or to stdout.
//!
//! Output is streamed to disk as it is produced rather than collected in memory (a 40,000-step
//! diagram is over 100 MB of SVG), and it becomes visible only when [`PendingOutput::commit`]
//! says so: until then it sits in a temporary file, which is removed if the output is
//! dropped uncommitted.

use std::fs::File;
use std::io::{self, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tempfile::NamedTempFile;

/// An output being written, not yet visible at its destination.
pub struct PendingOutput {
    writer: BufWriter<File>,
    destination: Destination,
    /// The folder where big temporary data for this output (a render's spool) belongs: on the
    /// destination's file system, so that rendering never fills a small temporary folder.
    dir: PathBuf,
}

enum Destination {
    /// A regular file (or a new one): the temporary file beside it is renamed over it. The
    /// temporary has an unpredictable name and was created exclusively, so nobody who can
    /// write the folder can plant a symlink there and have the output written elsewhere.
    File {
        temp: tempfile::TempPath,
        path: PathBuf,
        /// The permissions of the file being replaced, kept by the new one.
        keep: Option<std::fs::Permissions>,
    },
    /// Standard output, or a path that names something other than a regular file
    /// (`/dev/null`, `/dev/stdout`, a named pipe): renaming over it would replace the device
    /// with a plain file, so the text is spooled to an anonymous file and copied there.
    Stream { target: Option<PathBuf> },
}

impl PendingOutput {
    /// An output for `path`, written through a temporary file in the same folder. Missing
    /// parent folders are created (every command does the same); a file its owner made
    /// read-only is not replaced.
    pub fn to_path(path: &Path) -> io::Result<PendingOutput> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let existing = std::fs::metadata(path).ok();
        if let Some(meta) = &existing
            && !meta.is_file()
            && !meta.is_dir()
        {
            return Ok(PendingOutput {
                writer: BufWriter::new(tempfile::tempfile()?),
                destination: Destination::Stream {
                    target: Some(path.to_path_buf()),
                },
                dir: std::env::temp_dir(),
            });
        }
        let keep = match &existing {
            Some(meta) if meta.is_file() => {
                if meta.permissions().readonly() || !writable(path) {
                    return Err(io::Error::new(
                        io::ErrorKind::PermissionDenied,
                        "the file is read-only; journeymap does not replace it (make it \
                         writable, or write elsewhere)",
                    ));
                }
                Some(meta.permissions())
            }
            _ => None,
        };
        std::fs::create_dir_all(&dir)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".to_string());
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        if keep.is_none() {
            // A new file gets the mode any new file gets (0666 less the umask), not the
            // temporary file's private 0600.
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let (file, temp) = interrupt::create_guarded(|| builder.tempfile_in(&dir))?;
        Ok(PendingOutput {
            writer: BufWriter::new(file),
            destination: Destination::File {
                temp,
                path: path.to_path_buf(),
                keep,
            },
            dir,
        })
    }

    /// An output for standard output, spooled until it is committed.
    pub fn to_stdout() -> io::Result<PendingOutput> {
        ensure_stdout_open()?;
        Ok(PendingOutput {
            writer: BufWriter::new(tempfile::tempfile()?),
            destination: Destination::Stream { target: None },
            dir: std::env::temp_dir(),
        })
    }

    /// Where temporary data that belongs with this output should go.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Makes the output visible: renames the temporary file over the destination, or copies
    /// the spool to the stream. A closed stdout pipe (`| head`) is not an error.
    pub fn commit(mut self) -> io::Result<()> {
        self.writer.flush()?;
        match std::mem::replace(&mut self.destination, Destination::Stream { target: None }) {
            Destination::File { temp, path, keep } => {
                let file = self.writer.get_ref();
                if let Some(permissions) = keep {
                    file.set_permissions(permissions)?;
                }
                // No fsync: the rename already means a reader sees the old file or the whole
                // new one, never a part. Waiting for the disk as well cost a sync per output
                // (most of the time of `render` over many maps on a slow runner's disk), for
                // durability across a power cut that a regenerated diagram does not need.
                let temp = NamedTempFile::from_parts(self.writer.get_ref().try_clone()?, temp);
                temp.persist(&path).map_err(|e| e.error)?;
                interrupt::forget(&path);
                Ok(())
            }
            Destination::Stream { target } => {
                let spool = self.writer.get_mut();
                spool.rewind()?;
                match target {
                    Some(path) => {
                        let mut device = std::fs::OpenOptions::new().write(true).open(path)?;
                        io::copy(spool, &mut device)?;
                        device.flush()
                    }
                    None => {
                        let mut stdout = io::stdout().lock();
                        match io::copy(spool, &mut stdout).and_then(|_| stdout.flush()) {
                            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                            other => other.map(|_| ()),
                        }
                    }
                }
            }
        }
    }
}

impl Write for PendingOutput {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// Whether the user may write `path` (root may write anything; the read-only bits are
/// checked separately).
fn writable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
            return false;
        };
        // SAFETY: access reads a NUL-terminated path.
        unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        true
    }
}

/// Temporary outputs removed when the process is interrupted (SIGINT, SIGTERM, SIGHUP):
/// a dropped [`tempfile::TempPath`] removes its file, but a signal ends the process without
/// running destructors.
mod interrupt {
    use super::*;

    /// The temporary files alive now.
    static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

    /// Creates a temporary file with `create` and registers it for removal on interrupt,
    /// holding the registry's lock throughout, so that a signal's handler (which takes the
    /// lock) sees every file that exists. The handler is installed first, the first time.
    pub fn create_guarded(
        create: impl FnOnce() -> io::Result<NamedTempFile>,
    ) -> io::Result<(File, tempfile::TempPath)> {
        static HANDLER: std::sync::Once = std::sync::Once::new();
        HANDLER.call_once(|| {
            // Another handler may already be set by an embedding program: then it is theirs.
            let _ = ctrlc::set_handler(|| {
                remove_all();
                std::process::exit(130);
            });
        });
        let mut live = LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (file, temp) = create()?.into_parts();
        live.push(temp.to_path_buf());
        Ok((file, temp))
    }

    /// Removes every registered temporary file.
    pub fn remove_all() {
        if let Ok(live) = LIVE.lock() {
            for path in live.iter() {
                let _ = std::fs::remove_file(path);
            }
        }
    }

    /// Forgets the temporary that became `destination` (renamed: nothing to remove), and
    /// any that no longer exist.
    pub fn forget(_destination: &Path) {
        if let Ok(mut live) = LIVE.lock() {
            live.retain(|p| p.exists());
        }
    }
}

/// Whether standard output was closed when the process started (see [`note_closed_stdout`]).
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Records what the binary saw of descriptor 1 before Rust's runtime started (Linux).
pub fn stdout_closed_at_load(closed: bool) {
    STDOUT_CLOSED.store(closed, std::sync::atomic::Ordering::Relaxed);
}

/// Records, at start-up, whether the process was started with standard output closed
/// (`journeymap export ... >&-`). On Linux the binary reads that before the runtime starts
/// ([`stdout_closed_at_load`]). Elsewhere: Rust's runtime reopens a closed descriptor 1 as
/// `/dev/null` for reading and writing before `main`, so output would vanish with exit 0; a
/// shell's `>/dev/null` opens it for writing only, which tells the two apart (a caller's own
/// read-write `/dev/null` is taken for a closed descriptor there).
pub fn note_closed_stdout() {
    #[cfg(all(unix, not(target_os = "linux")))]
    {
        // SAFETY: fcntl(F_GETFL) and fstat only read the descriptor's flags and status into
        // memory we own.
        let reopened = unsafe {
            let flags = libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFL);
            let mut stat: libc::stat = std::mem::zeroed();
            flags != -1
                && flags & libc::O_ACCMODE == libc::O_RDWR
                && libc::fstat(libc::STDOUT_FILENO, &mut stat) == 0
                && stat.st_mode & libc::S_IFMT == libc::S_IFCHR
                && std::fs::metadata("/dev/null").is_ok_and(|null| {
                    use std::os::unix::fs::MetadataExt;
                    null.rdev() == stat.st_rdev
                })
        };
        STDOUT_CLOSED.store(reopened, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Fails when standard output was closed at start-up: writing there would lose the output.
pub fn ensure_stdout_open() -> io::Result<()> {
    if STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed) {
        return Err(io::Error::other("standard output is closed"));
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so that
/// readers see either the old file or the whole new one, and a failure leaves nothing behind.
/// Devices and pipes are written in place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut output = PendingOutput::to_path(path)?;
    output.write_all(bytes)?;
    output.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("jm-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn replaces_whole_file_and_leaves_no_temporary() {
        let dir = scratch("atomic");
        let target = dir.join("out.svg");
        write_atomic(&target, b"first").unwrap();
        write_atomic(&target, b"second").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"second");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        // Missing folders are made, as by every command.
        write_atomic(&dir.join("missing/out.svg"), b"x").unwrap();
        assert_eq!(std::fs::read(dir.join("missing/out.svg")).unwrap(), b"x");
        std::fs::remove_dir_all(dir.join("missing")).unwrap();
        // A device stays a device.
        write_atomic(Path::new("/dev/null"), b"discarded").unwrap();
        let null = std::fs::metadata("/dev/null").unwrap();
        assert!(!null.is_file(), "/dev/null was replaced by a regular file");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn nothing_is_visible_until_commit_and_a_dropped_output_leaves_nothing() {
        let dir = scratch("pending");
        let target = dir.join("map.svg");
        std::fs::write(&target, "old").unwrap();
        let mut output = PendingOutput::to_path(&target).unwrap();
        output.write_all(b"new, in part").unwrap();
        output.flush().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
        drop(output);
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "a temporary was left"
        );

        // Two pending outputs for one path do not share a temporary file.
        let mut first = PendingOutput::to_path(&target).unwrap();
        let mut second = PendingOutput::to_path(&target).unwrap();
        first.write_all(b"first").unwrap();
        second.write_all(b"second").unwrap();
        first.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"first");
        second.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"second");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
