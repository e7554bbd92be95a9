//! The command line, parsed by clap. Each subcommand's arguments are plain data; the work
//! happens in [`crate::commands`].

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diff::Rule;
use crate::layout::paper::Paper;
use crate::layout::words::Language;
use crate::layout::{Lane, ThemeName, View};
use crate::render::Format;

/// A compiler for customer journey maps written as code.
#[derive(Debug, Parser)]
#[command(name = "journeymap", version, about, long_about = None)]
pub struct Cli {
    /// When to colour output: auto (a terminal, unless NO_COLOR or CLICOLOR=0; CLICOLOR_FORCE
    /// colours a pipe too), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Read inputs that are symlinks to files outside their repository. Without it, a map,
    /// template or folder entry that resolves outside the repository it was named in (the
    /// nearest folder with `.git`, else its own folder) is refused, so a map in a pull
    /// request cannot make journeymap print files such as /etc/passwd or /proc/self/environ.
    #[arg(long, global = true)]
    pub follow_symlinks: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour a stream. Under `auto`, as anstream decides for clap's own output
    /// (the same order, through `anstyle-query`): NO_COLOR (https://no-color.org) turns
    /// colour off, CLICOLOR_FORCE colours even a pipe, CLICOLOR=0 turns it off, and otherwise
    /// a terminal gets colour when its TERM takes it, CLICOLOR=1 asks, or it runs in CI.
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if anstyle_query::no_color() => false,
            ColorChoice::Auto if anstyle_query::clicolor_force() => true,
            ColorChoice::Auto => {
                let clicolor = anstyle_query::clicolor();
                clicolor != Some(false)
                    && is_terminal
                    && (anstyle_query::term_supports_color()
                        || clicolor == Some(true)
                        || anstyle_query::is_ci())
            }
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate journey maps, for people and for CI.
    #[command(
        after_help = "Examples:\n  journeymap check\n  journeymap check maps/ --format github --deny-warnings\n  journeymap check checkout.journey.yaml --today 2026-11-23\n\nExit status: 0 no errors, 1 errors (or warnings with --deny-warnings), 2 could not run."
    )]
    Check(CheckArgs),
    /// Print the JSON Schema of the format (the bytes of schema/journeymap.schema.json).
    Schema,
    /// Draw maps as swimlane diagrams: SVG, a self-contained HTML page, or PNG.
    #[command(after_help = render_help())]
    Render(RenderArgs),
    /// Draw maps as `render` does, then again whenever a map, its baseline, the template or a
    /// journeymap.toml is saved; a map with errors prints them and keeps the last good output.
    #[command(
        after_help = "Examples:\n  journeymap watch checkout.journey.yaml -o checkout.html\n  journeymap watch maps/*.journey.yaml -o out/ --format png\n\nRuns until Ctrl-C (exit 130), which removes the temporary file of an output being drawn."
    )]
    Watch(WatchArgs),
    /// Serve the maps under a folder as live pages on this machine: an index of the maps,
    /// each map in the HTML viewer, reloaded within moments of a save; a map with errors
    /// shows them over its last good diagram.
    #[command(
        after_help = "Examples:\n  journeymap serve\n  journeymap serve maps/ --open\n  journeymap serve --port 0\n\nListens on 127.0.0.1 unless --host says otherwise. Serves only the maps found under DIR, drawn; never other files. Runs until Ctrl-C."
    )]
    Serve(ServeArgs),
    /// A language server on stdio for editors: the findings of `check` as you type,
    /// completion of keys and ids, hover, go to definition, references, rename, the outline,
    /// quick fixes and formatting (docs/editors.md).
    Lsp,
    /// Rewrite maps in the canonical layout: keys in the format's order, two-space block
    /// style, quoting every YAML reader agrees with, short lists in flow style; every comment
    /// kept, no value changed.
    #[command(
        after_help = "Examples:\n  journeymap fmt\n  journeymap fmt maps/ --check\n  journeymap fmt - < map.journey.yaml\n\nExit status: 0 formatted (or, with --check, nothing to format), 1 files would change under --check or a file could not be read, 2 could not run."
    )]
    Fmt(FmtArgs),
    /// Show what changed between two maps, in journey terms; or, given one future-state map,
    /// the gap analysis against its baseline.
    #[command(
        after_help = "OLD and NEW are paths, or git REV:path (the path relative to the current directory, as in `git show REV:./path`).\n\nExamples:\n  journeymap diff old.journey.yaml new.journey.yaml\n  journeymap diff main:maps/checkout.journey.yaml maps/checkout.journey.yaml --format markdown\n  journeymap diff checkout-future.journey.yaml\n  journeymap diff HEAD~1:map.journey.yaml map.journey.yaml --fail-on emotion-drop,new-pain-point\n\nExit status: 0 compared (no gate failed), 1 the maps differ under --exit-code or a --fail-on rule fired, 2 could not run (usage, unreadable input, a map with errors)."
    )]
    Diff(DiffArgs),
    /// Print a map as normalized text, one fact per line, for git's diff driver
    /// (`git config diff.journeymap.textconv "journeymap textconv"`; see docs/git.md).
    Textconv(TextconvArgs),
    /// Turn a Mermaid journey diagram or a CSV sheet into a journey map that passes `check`.
    #[command(
        subcommand,
        after_help = "Examples:\n  journeymap import mermaid journey.mmd -o checkout.journey.yaml\n  journeymap import mermaid README.md --id onboarding\n  journeymap import csv checkout.csv --base checkout.journey.yaml -o checkout.journey.yaml\n\nWithout -o the map goes to stdout. Exit status: 0 imported, 1 the input has errors (shown with line and column), 2 could not run."
    )]
    Import(ImportCommand),
    /// Write a map as a Mermaid journey diagram, a CSV sheet or Markdown tables.
    #[command(
        subcommand,
        after_help = "Examples:\n  journeymap export mermaid checkout.journey.yaml --fence >> README.md\n  journeymap export csv checkout.journey.yaml -o checkout.csv\n  journeymap export markdown checkout.journey.yaml -o wiki/checkout.md\n\nWhat the target format cannot hold is listed on stderr. Exit status: 0 exported, 1 the map has errors, 2 could not run."
    )]
    Export(ExportCommand),
    /// Write a commented starter map, NAME.journey.yaml, that passes `check`.
    #[command(
        after_help = "Examples:\n  journeymap init checkout\n  journeymap init \"Online checkout\" --kind service-blueprint\n  journeymap init maps/field-day --kind day-in-the-life\n\nNAME is slugged for the file name and the id (`Online checkout` -> online-checkout.journey.yaml). An existing file is never overwritten (exit 2)."
    )]
    Init(InitArgs),
    /// Figures across every map under a folder, per channel, persona, owner and stage name:
    /// maps, steps, mean emotion, unaddressed pain points; overdue reviews, stale evidence,
    /// assumption debt and the same step written in several maps.
    #[command(
        after_help = "Examples:\n  journeymap insights maps/\n  journeymap insights . --format markdown >> $GITHUB_STEP_SUMMARY\n  journeymap insights . --format json\n\nMaps with errors are left out and named. The JSON shape is in docs/insights.md. Exit status: 0 reported, 2 could not run."
    )]
    Insights(InsightsArgs),
    /// Write a static site of every map under a folder: an index with filters and search, a
    /// page per map, persona and channel, and a backlog of pain points.
    #[command(
        after_help = "Examples:\n  journeymap site maps/ -o public/\n\nThe site works from file:// and any static host; it loads nothing from elsewhere. Maps with errors are left out and named. Exit status: 0 written, 2 could not run."
    )]
    Site(SiteArgs),
    /// Print the completion script for a shell.
    #[command(
        after_help = "Examples:\n  journeymap completions bash > ~/.local/share/bash-completion/completions/journeymap\n  journeymap completions zsh > ~/.zfunc/_journeymap\n  journeymap completions fish > ~/.config/fish/completions/journeymap.fish\n  journeymap completions powershell >> $PROFILE"
    )]
    Completions(CompletionsArgs),
    /// Print the man page (roff), or write one page per command into a folder.
    #[command(
        after_help = "Examples:\n  journeymap man | man -l -\n  journeymap man --out-dir /usr/local/share/man/man1"
    )]
    Man(ManArgs),
}

impl Command {
    /// Whether the command reads journey maps (and so needs the schema's validator).
    pub fn loads_maps(&self) -> bool {
        match self {
            Command::Check(_)
            | Command::Render(_)
            | Command::Watch(_)
            | Command::Serve(_)
            | Command::Lsp
            | Command::Fmt(_)
            | Command::Diff(_)
            | Command::Textconv(_)
            | Command::Import(_)
            | Command::Insights(_)
            | Command::Site(_)
            | Command::Export(_) => true,
            Command::Schema | Command::Init(_) | Command::Completions(_) | Command::Man(_) => false,
        }
    }
}

/// How `check` reports findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// miette reports with snippets, on stderr.
    Human,
    /// One JSON document on stdout (shape in docs/ci.md).
    Json,
    /// GitHub Actions annotations on stdout.
    Github,
    /// SARIF 2.1.0 on stdout, for code scanning.
    Sarif,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Map files, or folders searched for *.journey.yaml and *.journey.yml (honouring
    /// .gitignore).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// The date the review rule treats as today (YYYY-MM-DD), for reproducible CI.
    #[arg(long, value_parser = parse_date)]
    pub today: Option<(i32, u32, u32)>,
    /// The folder SARIF paths are relative to [default: the repository around the working
    /// folder (the nearest folder with `.git`), else the working folder].
    #[arg(long, value_name = "DIR")]
    pub sarif_root: Option<PathBuf>,
}

/// Parses `YYYY-MM-DD` into a real calendar date.
pub fn parse_date(text: &str) -> Result<(i32, u32, u32), String> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let date = crate::model::IsoDate(text.to_string());
    match date.ymd() {
        Some(ymd) if shaped => Ok(ymd),
        _ if shaped => Err(format!(
            "`{text}` is not a day of the calendar: the month must be 01-12 and the day one that \
             month has"
        )),
        _ => Err(format!("`{text}` is not a date of the form YYYY-MM-DD")),
    }
}

/// How `diff` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A summary and every change, grouped by stage and step, coloured on a terminal.
    Human,
    /// A pull-request comment: the summary first, the changes in collapsed sections.
    Markdown,
    /// One JSON document (shape in docs/diff.md).
    Json,
    /// The new map drawn with its changes marked, as SVG.
    Svg,
    /// The visual diff in an HTML page.
    Html,
    /// The new map drawn with its changes marked, as a PNG image (for a file: `-o d.png`).
    Png,
}

impl DiffFormat {
    /// The format a file name asks for by its extension.
    pub fn from_extension(path: &std::path::Path) -> Option<DiffFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(DiffFormat::Human),
            "md" | "markdown" => Some(DiffFormat::Markdown),
            "json" => Some(DiffFormat::Json),
            "svg" => Some(DiffFormat::Svg),
            "html" | "htm" => Some(DiffFormat::Html),
            "png" => Some(DiffFormat::Png),
            _ => None,
        }
    }
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old map (a path or REV:path); alone, a future-state map to compare with its
    /// `baseline`.
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The new map (a path or REV:path).
    #[arg(value_name = "NEW")]
    pub new: Option<String>,
    /// The report's form [default: from -o's extension (.txt, .md, .json, .svg, .html, .png), else
    /// human].
    #[arg(long, value_enum)]
    pub format: Option<DiffFormat>,
    /// Exit with 1 when the maps differ (like `git diff --exit-code`).
    #[arg(long)]
    pub exit_code: bool,
    /// Exit with 1 when one of these regressions is found, naming each on stderr.
    #[arg(long, value_parser = choice::<Rule>(), value_delimiter = ',', value_name = "RULES")]
    pub fail_on: Vec<Rule>,
    /// Write the report to this file instead of stdout (`-` for stdout).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TextconvArgs {
    /// The map file (`-` for stdin).
    pub file: PathBuf,
}

/// `render --help`'s closing text: the lanes in their default order (from the layout's own
/// list, so the help never falls out of step with it), then examples and exit statuses.
fn render_help() -> String {
    let mut lines = vec![String::from(" ")];
    let names = Lane::DEFAULT_ORDER.map(Lane::name);
    for (i, name) in names.iter().enumerate() {
        let piece = if i + 1 < names.len() {
            format!(" {name},")
        } else {
            format!(" {name}")
        };
        let line = lines.last_mut().expect("there is always a line");
        if line.len() + piece.len() > 90 {
            lines.push(format!(" {piece}"));
        } else {
            line.push_str(&piece);
        }
    }
    format!(
        "Lanes (default order; each drawn only when the map has content for it):\n{}\n\n{RENDER_HELP_REST}",
        lines.join("\n")
    )
}

const RENDER_HELP_REST: &str = "Examples:\n  journeymap render checkout.journey.yaml                  # writes checkout.svg\n  journeymap render checkout.journey.yaml -o checkout.html\n  journeymap render maps/*.journey.yaml -o out/ --format png\n  journeymap render checkout.journey.yaml --lanes steps,emotion,pain-points -o -\n  journeymap render checkout.journey.yaml --persona busy-parent --theme dark\n  journeymap render checkout.journey.yaml --view empathy -o personas.svg\n\nHTML templates (--template) are tera 1.x; they receive title, description, kind, kind_name,\nstate, state_name, owner, review, view, theme, persona, diagrams [{theme, svg}], lanes\n[{id, label}], channels [{id, name, color}], personas, insights {lowest, drops, stages,\nunaddressed}, stats, css, script, csp, source and generator. Output diagrams[].svg, css and\nscript with `| safe`; everything else is map text that tera escapes.\n\nExit status: 0 drawn; 1 a map has errors (they are printed as by `check`, and nothing is\nwritten); 2 could not run (usage, an unknown --lanes name or --persona id, an unreadable file,\na template error).";

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The map files to draw.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Where to write: a file (its extension picks the format), a directory (one file per map),
    /// or `-` for stdout. Default: next to each input (`x.journey.yaml` -> `x.svg`).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// The output format when -o's extension does not say [default: svg].
    #[arg(long, value_parser = choice::<Format>())]
    pub format: Option<Format>,
    /// What to draw.
    #[arg(long, value_parser = choice::<View>(), default_value = View::Journey.name())]
    pub view: View,
    /// The lanes to draw, in this order, comma-separated (default: all, in the order below).
    #[arg(
        long,
        value_parser = choice::<Lane>(),
        value_delimiter = ',',
        value_name = "LANES",
        hide_possible_values = true
    )]
    pub lanes: Vec<Lane>,
    /// Draw one persona's journey: only the steps they take, and only their emotion line (with
    /// --view empathy, only their empathy map).
    #[arg(long, value_name = "ID")]
    pub persona: Option<String>,
    /// The colour theme [default: light; HTML without --theme follows the viewer's setting].
    #[arg(long, value_parser = choice::<ThemeName>())]
    pub theme: Option<ThemeName>,
    /// A tera template for the HTML page instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// A font file for PNG text the bundled font lacks (CJK, Arabic...); may be repeated.
    /// The machine's own fonts are used too.
    #[arg(long, value_name = "FILE")]
    pub font: Vec<PathBuf>,
    /// A folder of fonts for PNG text the bundled font lacks; may be repeated.
    #[arg(long, value_name = "DIR")]
    pub font_dir: Vec<PathBuf>,
    /// Cut the diagram into pages of this paper size, breaking between stages, with the lane
    /// labels on every page and text at 8 pt or more: one PDF, or one SVG or PNG per page
    /// (x-1.png, x-2.png...); for HTML, the size its print stylesheet asks for.
    #[arg(long, value_parser = choice::<Paper>(), value_name = "PAPER")]
    pub page: Option<Paper>,
    /// Wrap a wide journey into rows of stages, so that it reads as a few rows (about the
    /// shape of a landscape page) rather than a long strip; for SVG, PNG and PDF.
    #[arg(long, conflicts_with = "page")]
    pub wrap: bool,
    /// Turn the pages of --page sideways.
    #[arg(long, requires = "page")]
    pub landscape: bool,
    /// The language of the diagram's own words (lane names, legend, "Lowest"), as a BCP 47
    /// tag: en, ja, zh, es, de, fr or pt (pt-BR reads as pt). Default: the map's `language:`,
    /// else English.
    #[arg(long, value_name = "TAG", value_parser = parse_language)]
    pub language: Option<Language>,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Map files, or folders searched for *.journey.yaml and *.journey.yml (honouring
    /// .gitignore); `-` reads standard input and writes standard output.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Change nothing: list the files that would change, and exit 1 if any would.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub render: RenderArgs,
    /// How long the inputs must be quiet after a save before drawing (milliseconds): an
    /// editor's several writes of one save are drawn once.
    #[arg(long, value_name = "MS", default_value_t = 100)]
    pub debounce: u64,
}

#[derive(Debug, Args)]
pub struct InsightsArgs {
    /// The folder whose maps are read (searched as `check` searches folders).
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
    #[arg(long, value_enum, default_value_t = InsightsFormat::Human)]
    pub format: InsightsFormat,
    /// Count from this date instead of today (YYYY-MM-DD), for reproducible reports.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<(i32, u32, u32)>,
}

/// How `insights` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InsightsFormat {
    Human,
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The folder whose maps make the site.
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
    /// The folder to write the site into (created; files journeymap wrote there before are
    /// replaced).
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Count review and evidence ages from this date instead of today (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<(i32, u32, u32)>,
    /// Add a page of what changed since this git revision (a commit, branch or tag): maps
    /// added, removed and changed, in the words of `journeymap diff`.
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The folder whose maps are served (searched as `check` searches folders).
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
    /// The port to listen on; 0 picks a free one (the address is printed).
    #[arg(long, default_value_t = 7070)]
    pub port: u16,
    /// The address to listen on. Anything but a loopback address lets other machines read
    /// the maps, so it is never the default.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    pub host: std::net::IpAddr,
    /// Open the index in the system's web browser.
    #[arg(long)]
    pub open: bool,
}

/// Reads `--language`: a tag whose primary subtag has a table of words.
fn parse_language(tag: &str) -> Result<Language, String> {
    Language::from_tag(tag).ok_or_else(|| {
        format!(
            "journeymap has no words in `{tag}`; the languages are {}",
            Language::ALL.map(Language::tag).join(", ")
        )
    })
}

/// What `import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import a Mermaid journey diagram (.mmd), or the first ```mermaid journey block of a
    /// Markdown file (.md).
    #[command(
        after_help = "Examples:\n  journeymap import mermaid journey.mmd\n  journeymap import mermaid docs/README.md -o onboarding.journey.yaml\n\nSections become stages, tasks steps, scores 1..5 emotions -2..+2, actors personas."
    )]
    Mermaid(ImportMermaidArgs),
    /// Import a CSV sheet with one row per step (the columns `export csv` writes).
    #[command(
        after_help = "Examples:\n  journeymap import csv checkout.csv --id checkout --title \"Online checkout\"\n  journeymap import csv checkout.csv --base checkout.journey.yaml -o checkout.journey.yaml\n\nThe cell formats are described in docs/interchange.md."
    )]
    Csv(ImportCsvArgs),
    /// Import a workbook (.xlsx, .xls, .ods) whose first sheet (or sheet `Steps`) has one row
    /// per step, as `export xlsx` writes it.
    #[command(
        after_help = "Examples:\n  journeymap import xlsx checkout.xlsx --base checkout.journey.yaml -o checkout.journey.yaml\n  journeymap import xlsx workshop.ods --id workshop\n\nThe cells are read as `import csv` reads them (docs/interchange.md); numbers, times and dates\na spreadsheet made of them are read back as text (1.0 is 1, 06:45:00 is 06:45)."
    )]
    Xlsx(ImportXlsxArgs),
}

#[derive(Debug, Args)]
pub struct ImportXlsxArgs {
    #[command(flatten)]
    pub common: ImportCommon,
    /// A map to take the title, personas, channels and stage details from (a sheet holds only
    /// steps); the map is written as edits to it, keeping its comments.
    #[arg(long, value_name = "MAP")]
    pub base: Option<PathBuf>,
}

/// The arguments every import takes.
#[derive(Debug, Args)]
pub struct ImportCommon {
    /// The file to import (`-` for stdin).
    pub file: PathBuf,
    /// Write the map to this file instead of stdout (`-` for stdout).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The map's id (a slug); by default made from the title or the file name.
    #[arg(long, value_parser = parse_slug)]
    pub id: Option<String>,
    /// The map's title; by default the diagram's title or the file name.
    #[arg(long)]
    pub title: Option<String>,
    /// The schema the map's first line names for editors; by default the nearest
    /// journeymap.schema.json, written at the repository root when there is none.
    #[arg(long, value_name = "PATH|URL")]
    pub schema: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportMermaidArgs {
    #[command(flatten)]
    pub common: ImportCommon,
    /// Read FILE as Markdown even without a .md extension.
    #[arg(long)]
    pub markdown: bool,
}

#[derive(Debug, Args)]
pub struct ImportCsvArgs {
    #[command(flatten)]
    pub common: ImportCommon,
    /// A map to take the title, personas, channels and stage details from (a sheet holds only
    /// steps).
    #[arg(long, value_name = "MAP")]
    pub base: Option<PathBuf>,
    /// The cell separator; by default guessed from the header row (`,`, `;` or tab).
    #[arg(long, value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
}

/// What `export` writes.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The closest Mermaid journey diagram (for a README on GitHub).
    #[command(
        after_help = "Examples:\n  journeymap export mermaid checkout.journey.yaml\n  journeymap export mermaid checkout.journey.yaml --fence -o docs/journey.md"
    )]
    Mermaid(ExportMermaidArgs),
    /// One row per step with every step-level field, for spreadsheets; `import csv` reads it
    /// back.
    #[command(
        after_help = "Examples:\n  journeymap export csv checkout.journey.yaml -o checkout.csv\n  journeymap export csv checkout.journey.yaml --bom -o checkout-for-excel.csv"
    )]
    Csv(ExportCsvArgs),
    /// The CSV sheet as an Excel workbook: frozen header and step columns, wrapped text, a
    /// drop-down for emotion, prompts naming the channels and personas; `import xlsx` reads it
    /// back.
    #[command(
        after_help = "Examples:\n  journeymap export xlsx checkout.journey.yaml -o checkout.xlsx"
    )]
    Xlsx(ExportArgs),
    /// A readable table per stage, for wikis.
    #[command(
        after_help = "Examples:\n  journeymap export markdown checkout.journey.yaml -o wiki/checkout.md"
    )]
    Markdown(ExportArgs),
}

/// The arguments every export takes.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The map to export.
    pub file: PathBuf,
    /// Write to this file instead of stdout (`-` for stdout).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExportMermaidArgs {
    #[command(flatten)]
    pub common: ExportArgs,
    /// Wrap the diagram in a ```mermaid fence, ready to paste into Markdown.
    #[arg(long)]
    pub fence: bool,
}

#[derive(Debug, Args)]
pub struct ExportCsvArgs {
    #[command(flatten)]
    pub common: ExportArgs,
    /// Start the file with a UTF-8 byte order mark, which Excel needs to show accents.
    #[arg(long)]
    pub bom: bool,
    /// Write cells that start like a spreadsheet formula (`=`, `+`, `-`, `@`) as they are,
    /// without the apostrophe that stops a spreadsheet from running them.
    #[arg(long)]
    pub no_formula_guard: bool,
}

/// The kinds of starter map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InitKind {
    Journey,
    ServiceBlueprint,
    DayInTheLife,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The map's name; the file is NAME.journey.yaml with NAME slugged (folders allowed).
    pub name: String,
    #[arg(long, value_enum, default_value_t = InitKind::Journey)]
    pub kind: InitKind,
    /// The schema the map's first line names for editors; by default the nearest
    /// journeymap.schema.json, written at the repository root when there is none.
    #[arg(long, value_name = "PATH|URL")]
    pub schema: Option<String>,
    /// Also tell this editor which files are maps: `vscode` adds a `yaml.schemas` association
    /// for *.journey.yaml to .vscode/settings.json at the repository root (for the YAML
    /// extension, which reads the schema from there as well as from each map's first line).
    #[arg(long, value_enum, value_name = "EDITOR")]
    pub editor: Option<InitEditor>,
}

/// Editors `init --editor` can set up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InitEditor {
    Vscode,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write journeymap.1 and one page per command (journeymap-check.1...) into this folder.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

/// Accepts a slug (`checkout-flow`).
pub fn parse_slug(text: &str) -> Result<String, String> {
    if crate::model::scalars::is_slug(text) {
        Ok(text.to_string())
    } else {
        Err(format!(
            "`{text}` is not an id: use lower-case letters, digits, `-` and `_` (e.g. `{}`)",
            crate::model::scalars::slugify(text)
        ))
    }
}

/// Accepts one ASCII character, or `tab`.
pub fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ if text.len() == 1 && text.is_ascii() => Ok(text.as_bytes()[0]),
        _ => Err(format!("`{text}` is not one character (or `tab`)")),
    }
}

/// A pipeline type the command line offers as a choice (`--view`, `--lanes`, `--theme`,
/// `--format`, `--fail-on`). The names come from the pipeline type; the words that explain
/// each value in `--help` are the command line's own. Pipeline types know nothing of clap.
trait Choice: Copy + Send + Sync + 'static {
    /// Every value, in the order `--help` lists them.
    const ALL: &'static [Self];
    fn name(self) -> &'static str;
    fn help(self) -> &'static str;
}

/// Reads a [`Choice`] by name, with clap's listing of the values and its "did you mean".
fn choice<T: Choice>() -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(
        T::ALL
            .iter()
            .map(|value| PossibleValue::new(value.name()).help(value.help())),
    )
    .map(|name| {
        *T::ALL
            .iter()
            .find(|value| value.name() == name)
            .expect("clap passes on only the names it listed")
    })
}

impl Choice for Paper {
    const ALL: &'static [Paper] = &Paper::ALL;
    fn name(self) -> &'static str {
        Paper::name(self)
    }
    fn help(self) -> &'static str {
        match self {
            Paper::A4 => "210 × 297 mm",
            Paper::A3 => "297 × 420 mm",
            Paper::A2 => "420 × 594 mm",
            Paper::Letter => "8.5 × 11 in",
            Paper::Tabloid => "11 × 17 in",
        }
    }
}

impl Choice for View {
    const ALL: &'static [View] = &View::ALL;
    fn name(self) -> &'static str {
        View::name(self)
    }
    fn help(self) -> &'static str {
        match self {
            View::Journey => "The swimlane journey: stages, steps and the lanes below them",
            View::Empathy => "Each persona's card and empathy map (says, thinks, does, feels)",
        }
    }
}

impl Choice for ThemeName {
    const ALL: &'static [ThemeName] = &ThemeName::ALL;
    fn name(self) -> &'static str {
        self.as_str()
    }
    fn help(self) -> &'static str {
        match self {
            ThemeName::Light => "Dark text on white, for print and daylight",
            ThemeName::Dark => "Light text on a near-black canvas",
        }
    }
}

impl Choice for Format {
    const ALL: &'static [Format] = &Format::ALL;
    fn name(self) -> &'static str {
        self.extension()
    }
    fn help(self) -> &'static str {
        match self {
            Format::Svg => "A standalone SVG image",
            Format::Html => {
                "A self-contained HTML page: diagram, lane toggles, insights, persona cards"
            }
            Format::Png => "A PNG image, drawn with the bundled font, then the machine's fonts",
            Format::Pdf => "A PDF document, fonts embedded: one page, or paper pages with --page",
        }
    }
}

impl Choice for Lane {
    const ALL: &'static [Lane] = &Lane::DEFAULT_ORDER;
    fn name(self) -> &'static str {
        Lane::name(self)
    }
    /// Lanes are listed in `render --help`'s closing text, not one by one.
    fn help(self) -> &'static str {
        ""
    }
}

impl Choice for Rule {
    const ALL: &'static [Rule] = &Rule::ALL;
    fn name(self) -> &'static str {
        Rule::name(self)
    }
    fn help(self) -> &'static str {
        match self {
            Rule::EmotionDrop => "A persona's emotion score at a step went down",
            Rule::NewPainPoint => "A pain point appeared (in a kept step or in a new one)",
            Rule::RemovedTouchpoint => "A touchpoint of a kept step is gone",
            Rule::SeverityIncrease => "A pain point's severity went up (low -> medium -> high)",
            Rule::RemovedStep => "A step is gone (moving it to another stage is not removing it)",
            Rule::RemovedStage => "A stage is gone",
        }
    }
}
