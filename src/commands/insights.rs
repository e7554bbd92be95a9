//! `journeymap insights`: figures across a repository of maps (see [`crate::repository::insights`]).

use super::{Fatal, exit, print_stdout};
use crate::cli::{InsightsArgs, InsightsFormat};
use crate::repository::{self, insights};

pub fn run(args: &InsightsArgs) -> Result<u8, Fatal> {
    let repo = repository::load(&args.dir, args.today).map_err(Fatal)?;
    let report = insights::compute(&repo);
    // The process ends after reporting: the maps are reclaimed by the operating system.
    std::mem::forget(repo);
    print_stdout(&match args.format {
        InsightsFormat::Human => insights::to_human(&report),
        InsightsFormat::Markdown => insights::to_markdown(&report),
        InsightsFormat::Json => insights::to_json(&report),
    })?;
    Ok(exit::OK)
}
