//! The command line, parsed by clap. Each subcommand's arguments are plain data; the work
//! happens in [`crate::commands`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// A compiler for customer journey maps written as code.
#[derive(Debug, Parser)]
#[command(name = "journeymap", version, about, long_about = None)]
pub struct Cli {
    /// When to colour output: auto (a terminal without NO_COLOR), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

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
    /// Whether to colour a stream, honouring NO_COLOR (https://no-color.org) under `auto`.
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
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
        _ => Err(format!("`{text}` is not a date of the form YYYY-MM-DD")),
    }
}
