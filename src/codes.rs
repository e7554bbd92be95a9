//! Every finding code journeymap reports, gathered from the stages that define them: the
//! loader (JM0xx), the schema and rules (JM1xx, JM2xx) and the importers (JM3xx). The
//! settings file, SARIF and the docs read this list; it sits above all those stages so that
//! none of them depends on another for it.

use crate::diagnostics::RuleInfo;

/// Every code journeymap can report, in code order.
pub fn all() -> Vec<&'static RuleInfo> {
    let mut all = vec![
        &crate::load::codes::YAML_SYNTAX,
        &crate::load::codes::DUPLICATE_KEY,
        &crate::load::codes::INPUT_LIMIT,
        &crate::load::codes::ENCODING,
        &crate::load::codes::DOCUMENT,
        &crate::validate::schema::UNKNOWN_KEY,
        &crate::validate::schema::MISSING_KEY,
        &crate::validate::schema::INVALID_VALUE,
        &crate::validate::schema::INVALID_ID,
    ];
    all.extend(crate::validate::rules::RULES.iter().map(|r| r.info));
    all.extend([
        &crate::validate::rules::libraries::LIBRARY,
        &crate::validate::rules::libraries::AMBIGUOUS,
        &crate::validate::rules::libraries::SHADOWED,
    ]);
    all.extend(crate::interchange::codes::all());
    all.sort_by_key(|r| r.code);
    all
}
