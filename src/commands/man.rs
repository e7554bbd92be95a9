//! `journeymap man`: the man page (roff) on stdout, or one page per command in a folder.

use clap::CommandFactory;

use super::{Fatal, exit, print_stdout};
use crate::cli::{Cli, ManArgs};

fn render(command: clap::Command) -> Result<(String, String), Fatal> {
    let man = clap_mangen::Man::new(command);
    let mut out = Vec::new();
    man.render(&mut out)
        .map_err(|e| Fatal(format!("cannot render the man page: {e}")))?;
    Ok((
        man.get_filename(),
        String::from_utf8_lossy(&out).into_owned(),
    ))
}

/// Every page: `journeymap.1`, then one per subcommand (`journeymap-import-csv.1`...).
pub fn pages() -> Result<Vec<(String, String)>, Fatal> {
    fn walk(command: &clap::Command, out: &mut Vec<(String, String)>) -> Result<(), Fatal> {
        out.push(render(command.clone())?);
        for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, out)?;
        }
        Ok(())
    }
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let mut pages = Vec::new();
    walk(&command, &mut pages)?;
    Ok(pages)
}

pub fn run(args: &ManArgs) -> Result<u8, Fatal> {
    match &args.out_dir {
        None => {
            let (_, page) = render(Cli::command())?;
            print_stdout(&page)?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| Fatal(format!("{}: {e}", dir.display())))?;
            for (name, page) in pages()? {
                let path = dir.join(&name);
                crate::output::write_atomic(&path, page.as_bytes())
                    .map_err(|e| Fatal(format!("{}: {e}", path.display())))?;
            }
            eprintln!("wrote the man pages into {}", dir.display());
        }
    }
    Ok(exit::OK)
}
