//! `journeymap.toml`: project settings, found by walking up from each map's folder, as ruff
//! and clippy users expect.
//!
//! ```toml
//! [rules]
//! unused-persona = "allow"    # by name...
//! JM207 = "warn"              # ...or by code
//!
//! [labels]                    # the diagrams' own words (see `layout::words`)
//! steps-hint = "What the patient does"
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::validate::{Config, Level};

/// The name of the project settings file.
pub const FILE_NAME: &str = "journeymap.toml";

/// The most of a settings file that is read: it holds a few lines.
const MAX_BYTES: usize = 1024 * 1024;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    /// Library files every map under this file uses, relative to this file's folder.
    #[serde(default)]
    libraries: Vec<String>,
    #[serde(default)]
    rules: BTreeMap<String, Level>,
    #[serde(default)]
    labels: BTreeMap<String, toml::Value>,
    #[serde(default)]
    links: RawLinks,
    #[serde(default)]
    evidence: RawEvidence,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLinks {
    ticket: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawEvidence {
    stale_after_days: Option<u32>,
}

/// Everything a `journeymap.toml` sets: rule levels, and the diagrams' words.
#[derive(Debug, Default, Clone)]
pub struct Settings {
    pub rules: Config,
    pub labels: crate::layout::words::Overrides,
}

/// Parses a `journeymap.toml`. Unknown rules and rules that cannot be configured are
/// errors, so a misspelt rule name never silently does nothing.
pub fn parse(text: &str, path: Option<&Path>) -> Result<Config, String> {
    parse_all(text, path).map(|settings| settings.rules)
}

/// Parses a `journeymap.toml` with its `[labels]`.
pub fn parse_all(text: &str, path: Option<&Path>) -> Result<Settings, String> {
    let shown = path.map_or_else(|| FILE_NAME.to_string(), |p| p.display().to_string());
    let raw: RawConfig = toml::from_str(text).map_err(|e| format!("{shown}: {e}"))?;
    let labels =
        crate::layout::words::Overrides::parse(&raw.labels).map_err(|e| format!("{shown}: {e}"))?;
    let mut levels = BTreeMap::new();
    // Which key set each rule, to refuse a name and a code that disagree.
    let mut chosen: BTreeMap<&str, (String, Level)> = BTreeMap::new();
    for (key, level) in raw.rules {
        let info = crate::codes::all()
            .into_iter()
            .find(|r| r.code == key || r.name == key)
            .ok_or_else(|| {
                let names: Vec<&str> = crate::codes::all()
                    .into_iter()
                    .filter(|r| r.configurable)
                    .map(|r| r.name)
                    .collect();
                format!(
                    "{shown}: unknown rule `{key}`; the rules are: {}",
                    names.join(", ")
                )
            })?;
        if !info.configurable {
            return Err(format!(
                "{shown}: `{key}` ({}) is always an error and cannot be configured",
                info.code
            ));
        }
        if let Some((first_key, first)) = chosen.get(info.code)
            && *first != level
        {
            return Err(format!(
                "{shown}: `{first_key}` and `{key}` are the same rule ({}) set to different \
                 levels; keep one",
                info.code
            ));
        }
        chosen.insert(info.code, (key.clone(), level));
        levels.insert(info.code, level);
    }
    let mut rules = Config::new(path.map(Path::to_path_buf), levels);
    if let Some(pattern) = raw.links.ticket {
        let scheme_ok = pattern.starts_with("https://") || pattern.starts_with("http://");
        if !scheme_ok || !pattern.contains("{id}") {
            return Err(format!(
                "{shown}: [links] ticket must be an http(s) address with `{{id}}` where the \
                 ticket id goes, e.g. \"https://tracker.example/browse/{{id}}\""
            ));
        }
        rules.project.ticket_url = Some(pattern);
    }
    if let Some(days) = raw.evidence.stale_after_days {
        rules.project.stale_after_days = days;
    }
    let base = path.and_then(Path::parent).unwrap_or(Path::new(""));
    for library in raw.libraries {
        rules
            .project
            .libraries
            .push((library.clone(), base.join(&library)));
    }
    Ok(Settings { rules, labels })
}

/// The nearest `journeymap.toml` in `dir` or its ancestors, or the default settings.
pub fn discover(dir: &Path) -> Result<Config, String> {
    discover_all(dir).map(|settings| settings.rules)
}

/// The nearest `journeymap.toml` in `dir` or its ancestors with its `[labels]`, or the
/// defaults.
pub fn discover_all(dir: &Path) -> Result<Settings, String> {
    let start = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let absolute = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    for ancestor in absolute.ancestors() {
        let candidate = ancestor.join(FILE_NAME);
        // Anything by that name is the project's settings: a folder or a FIFO there is a
        // mistake to report, not a file to skip silently.
        if std::fs::symlink_metadata(&candidate).is_ok() {
            let shown = candidate.display();
            let bytes = match crate::load::read::read_file(&candidate, MAX_BYTES)? {
                crate::load::read::Bytes::Whole(bytes) => bytes,
                crate::load::read::Bytes::TooLarge => {
                    return Err(format!("{shown} is larger than {MAX_BYTES} bytes"));
                }
            };
            let text =
                String::from_utf8(bytes).map_err(|_| format!("{shown} is not UTF-8 text"))?;
            return parse_all(&text, Some(&candidate));
        }
    }
    Ok(Settings::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_are_accepted_and_typos_refused() {
        let config = parse(
            "[rules]\nunused-persona = \"allow\"\nJM207 = \"deny\"\n",
            None,
        )
        .unwrap();
        assert_eq!(config.level("JM205"), Some(Level::Allow));
        assert_eq!(config.level("JM207"), Some(Level::Deny));
        let err = parse("[rules]\nunused-personas = \"allow\"\n", None).unwrap_err();
        assert!(err.contains("unknown rule `unused-personas`"), "{err}");
        let err = parse("[rules]\nyaml-syntax = \"allow\"\n", None).unwrap_err();
        assert!(err.contains("cannot be configured"), "{err}");
        let err = parse(
            "[rules]\nunused-persona = \"allow\"\nJM205 = \"deny\"\n",
            None,
        )
        .unwrap_err();
        assert!(err.contains("same rule (JM205)"), "{err}");
        let err = parse("[rules]\nunused-persona = \"off\"\n", None).unwrap_err();
        assert!(err.contains("unknown variant"), "{err}");
    }
}
