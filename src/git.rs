//! Files as they were at a git revision, read through the `git` program: the user's own git,
//! with its configuration, object stores and worktrees, which no library reproduces exactly.

use std::path::Path;
use std::process::Command;

/// Runs `git args` in `dir` (the current folder when `None`) and returns its stdout, or its
/// error message.
pub fn run(dir: Option<&Path>, args: &[&str]) -> Result<Vec<u8>, String> {
    let mut command = Command::new("git");
    command.args(args);
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let output = command
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let message = String::from_utf8_lossy(&output.stderr).trim().to_string();
        Err(if message.is_empty() {
            format!("git exited with {}", output.status)
        } else {
            message
        })
    }
}

/// Refuses a revision git would read as an option.
pub fn check_revision(rev: &str) -> Result<(), String> {
    if rev.is_empty() || rev.starts_with('-') {
        return Err(format!("`{rev}` is not a revision"));
    }
    Ok(())
}

/// The commit `rev` names, checked before anything is read from it.
pub fn commit(dir: &Path, rev: &str) -> Result<String, String> {
    check_revision(rev)?;
    let spec = format!("{rev}^{{commit}}");
    let out = run(Some(dir), &["rev-parse", "--verify", "--quiet", &spec]).map_err(|_| {
        format!(
            "`{rev}` is not a commit of the repository at {}",
            dir.display()
        )
    })?;
    Ok(String::from_utf8_lossy(&out).trim().to_string())
}

/// The bytes of `path` (relative to `dir`) at `rev`.
pub fn show(dir: &Path, rev: &str, path: &str) -> Result<Vec<u8>, String> {
    check_revision(rev)?;
    run(Some(dir), &["cat-file", "blob", &format!("{rev}:./{path}")])
}

/// The files under `dir` at `rev`, as paths relative to `dir` with `/` separators.
pub fn files_at(dir: &Path, rev: &str) -> Result<Vec<String>, String> {
    check_revision(rev)?;
    let out = run(
        Some(dir),
        &["ls-tree", "-r", "-z", "--name-only", rev, "--", "."],
    )?;
    Ok(out
        .split(|&b| b == 0)
        .filter(|name| !name.is_empty())
        .map(|name| String::from_utf8_lossy(name).into_owned())
        .collect())
}
