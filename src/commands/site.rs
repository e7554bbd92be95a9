//! `journeymap site`: a static site of a repository of maps (see [`crate::site`]).

use super::{Fatal, exit};
use crate::cli::SiteArgs;

pub fn run(args: &SiteArgs) -> Result<u8, Fatal> {
    let repo = crate::repository::load(&args.dir, args.today).map_err(Fatal)?;
    let history = match &args.since {
        Some(rev) => Some(crate::repository::history::since(&repo, rev).map_err(Fatal)?),
        None => None,
    };
    let pages = crate::site::write(&repo, &args.output, history.as_ref()).map_err(Fatal)?;
    for (name, errors) in &repo.broken {
        eprintln!(
            "left out {} ({errors} errors; run `journeymap check`)",
            crate::visible::visible_line(name)
        );
    }
    eprintln!(
        "wrote {pages} pages for {} maps to {}",
        repo.maps.len(),
        args.output.display()
    );
    std::mem::forget(repo);
    Ok(exit::OK)
}
