//! One module per subcommand. Each returns the process exit code, or a [`Fatal`] for the
//! "could not run" cases (exit 2): bad usage, unreadable paths, broken settings.

pub mod check;
pub mod completions;
pub mod diff;
pub mod export;
pub mod fmt;
pub mod import;
pub mod init;
pub mod insights;
pub mod man;
pub mod render;
pub mod schema;
pub mod serve;
pub mod site;
pub mod textconv;
pub mod watch;

use std::fmt as std_fmt;
use std::io::IsTerminal;

use crate::cli::{Cli, Command};

/// A failure to run at all, as opposed to findings about a map.
#[derive(Debug)]
pub struct Fatal(pub String);

impl std_fmt::Display for Fatal {
    fn fmt(&self, f: &mut std_fmt::Formatter<'_>) -> std_fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Fatal {
    fn from(message: String) -> Fatal {
        Fatal(message)
    }
}

/// Exit statuses, as documented in README.md and docs/ci.md.
pub mod exit {
    pub const OK: u8 = 0;
    pub const FINDINGS: u8 = 1;
    pub const FATAL: u8 = 2;
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<u8, Fatal> {
    let color = cli.color.enabled(std::io::stderr().is_terminal());
    crate::load::read::follow_symlinks(cli.follow_symlinks);
    if cli.command.loads_maps() {
        crate::schema::warm_up();
    }
    match cli.command {
        Command::Check(args) => check::run(&args, color),
        Command::Schema => schema::run(),
        Command::Import(command) => import::run(&command, color),
        Command::Export(command) => export::run(&command, color),
        Command::Init(args) => init::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
        Command::Render(args) => render::run(&args, color),
        Command::Watch(args) => watch::run(&args, color),
        Command::Serve(args) => serve::run(&args, color),
        Command::Lsp => crate::lsp::run().map(|()| exit::OK).map_err(Fatal),
        Command::Fmt(args) => fmt::run(&args, color),
        Command::Diff(args) => diff::run(&args, cli.color),
        Command::Textconv(args) => textconv::run(&args),
        Command::Insights(args) => insights::run(&args),
        Command::Site(args) => site::run(&args),
    }
}

/// A map that passed every check (warnings and notes allowed).
#[derive(Debug)]
pub struct LoadedMap {
    pub file: std::sync::Arc<crate::source::SourceFile>,
    pub map: crate::model::JourneyMap,
    /// The project's words for its diagrams (`[labels]` of `journeymap.toml`).
    pub labels: crate::layout::words::Overrides,
    /// What `journeymap.toml` says about the repository (the ticket link pattern, ...).
    pub project: crate::validate::Project,
}

/// Reads and fully checks the map at `path`, as `check` would (with the project's
/// `journeymap.toml`). When it has errors, they are printed to stderr as human diagnostics
/// and `Ok(Err(()))` is returned: the caller exits without writing anything.
pub fn load_checked(path: &std::path::Path, color: bool) -> Result<Result<LoadedMap, ()>, Fatal> {
    let settings =
        crate::settings::discover_all(path.parent().unwrap_or(std::path::Path::new("")))?;
    let checked =
        crate::validate::check_path(path, &crate::validate::Options::default(), &settings.rules)?;
    Ok(report_if_invalid(checked, color)?.map(|mut loaded| {
        loaded.labels = settings.labels;
        loaded.project = settings.rules.project.clone();
        loaded
    }))
}

/// Prints a checked file's diagnostics when it has errors; hands back its map otherwise.
pub fn report_if_invalid(
    checked: crate::validate::Checked,
    color: bool,
) -> Result<Result<LoadedMap, ()>, Fatal> {
    if checked.has_errors() {
        let mut diagnostics = checked.diagnostics;
        crate::diagnostics::sort(&mut diagnostics);
        let style = crate::diagnostics::HumanStyle { color, width: 100 };
        eprint!(
            "{}",
            crate::diagnostics::render_human(&diagnostics, 1, style)
        );
        return Ok(Err(()));
    }
    match checked.map {
        Some(map) => Ok(Ok(LoadedMap {
            file: checked.file,
            map,
            labels: Default::default(),
            project: Default::default(),
        })),
        None => Err(Fatal(format!(
            "{}: the map could not be read",
            checked.file.name
        ))),
    }
}

/// Writes `text` to stdout, treating a closed pipe (`| head`) as success.
pub fn print_stdout(text: &str) -> Result<(), Fatal> {
    use std::io::Write;
    crate::output::ensure_stdout_open().map_err(|e| Fatal(format!("cannot write: {e}")))?;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Fatal(format!("cannot write to stdout: {e}"))),
    }
}
