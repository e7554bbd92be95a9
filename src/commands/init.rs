//! `journeymap init [--kind KIND] NAME`: a commented starter map that passes `check`.

use super::{Fatal, exit};
use crate::cli::{InitArgs, InitKind};
use crate::interchange::init;
use crate::model::Kind;

pub fn run(args: &InitArgs) -> Result<u8, Fatal> {
    crate::interchange::check_flag("NAME", &args.name)?;
    let target = init::target(&args.name).ok_or_else(|| {
        Fatal(format!(
            "`{}` cannot name a map: give a name such as `checkout` or `maps/Online checkout`",
            args.name
        ))
    })?;
    if target.path.exists() {
        return Err(Fatal(format!(
            "{} already exists; journeymap init never overwrites a file (choose another name, \
             or move the file away)",
            target.path.display()
        )));
    }
    let kind = match args.kind {
        InitKind::Journey => Kind::Journey,
        InitKind::ServiceBlueprint => Kind::ServiceBlueprint,
        InitKind::DayInTheLife => Kind::DayInTheLife,
    };
    let (schema, note) =
        super::import::schema_reference(args.schema.as_deref(), Some(&target.path))?;
    if let Some(dir) = target.path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Fatal(format!("{}: {e}", dir.display())))?;
    }
    let text = init::starter(kind, &target, &schema);
    crate::output::write_atomic(&target.path, text.as_bytes())
        .map_err(|e| Fatal(format!("{}: {e}", target.path.display())))?;
    if let Some(note) = note {
        eprintln!("note: {note}");
    }
    eprintln!(
        "created {}; check it with `journeymap check {}`",
        target.path.display(),
        target.path.display()
    );
    Ok(exit::OK)
}
