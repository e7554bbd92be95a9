//! The import targets' shared oracle: a map the importer accepted (no error findings) must
//! write as YAML that `check` accepts and that reads back as the same map.

use std::sync::Arc;

use journeymap::interchange::{self, Imported};
use journeymap::source::SourceFile;
use journeymap::validate::{self, Config};

use crate::common::{errors, human, options, show};

const SCHEMA: &str = "journeymap.schema.json";

/// `user_rules`: the codes of errors that the input's own data can cause in the written map
/// (a CSV sheet names its own ids and references). The CLI's safety net
/// (`interchange::write_checked`) reports those at the input's cells; any other error in the
/// written map is a bug of the importer or the YAML writer.
pub fn oracle(file: &Arc<SourceFile>, imported: &Imported, user_rules: &[&str]) {
    show(&imported.diagnostics);
    if imported.has_errors() {
        return;
    }
    let Some(map) = &imported.map else {
        return;
    };
    let yaml = interchange::yaml::map_to_yaml(map, Some(SCHEMA));
    let written = SourceFile::new("imported.journey.yaml", None, yaml.clone());
    let checked = validate::check_file(&written, &options(), &Config::default());
    show(&checked.diagnostics);
    let errs = errors(&checked.diagnostics);
    if !errs.is_empty() {
        if errs.iter().any(|d| !user_rules.contains(&d.code)) {
            panic!(
                "the importer accepted the input, but the map it wrote does not pass check:\n{}\
                 \n--- written YAML ---\n{}",
                human(&checked.diagnostics),
                yaml.escape_debug()
            );
        }
        // The CLI's path for these: the findings moved to the input's cells and lines.
        match interchange::write_checked(imported, map, file, SCHEMA, None, &Default::default()) {
            Ok(_) => panic!("write_checked accepted a map that check_file refused"),
            Err(relocated) => show(&relocated),
        }
        return;
    }
    let Some(back) = &checked.map else {
        panic!("check passed the written map without errors but read no map");
    };
    if back != map {
        panic!(
            "the written YAML reads back as a different map\n--- imported ---\n{map:#?}\
             \n--- read back ---\n{back:#?}\n--- written YAML ---\n{}",
            yaml.escape_debug()
        );
    }
    if let Err(d) = interchange::write_checked(imported, map, file, SCHEMA, None, &Default::default()) {
        panic!(
            "write_checked refused a map that check_file accepted:\n{}",
            human(&d)
        );
    }
}
