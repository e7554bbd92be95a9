//! Codes for findings made while reading a file. They are always errors: a file that cannot
//! be read as one YAML document cannot be checked any further.

use crate::diagnostics::RuleInfo;

/// ## What it does
/// Reports text that is not valid YAML 1.2: bad indentation, an unclosed quote or bracket,
/// tabs used for indentation, an unknown alias or an unsupported tag.
///
/// ## Why
/// A map that does not parse cannot be checked, drawn or compared.
///
/// ## Example
/// ```yaml
/// stages:
///   - id: awareness
///    name: Awareness      # one space short: not part of the stage
/// ```
pub static YAML_SYNTAX: RuleInfo = RuleInfo::fixed("JM001", "yaml-syntax");

/// ## What it does
/// Reports a key that appears twice in one mapping, pointing at both.
///
/// ## Why
/// Most YAML readers silently keep the last value, so half of what was written disappears
/// without a trace. journeymap never guesses which one was meant.
///
/// ## Example
/// ```yaml
/// - id: checkout
///   name: Pays at checkout
///   name: Pays with a wallet    # second `name`
/// ```
pub static DUPLICATE_KEY: RuleInfo = RuleInfo::fixed("JM002", "duplicate-key");

/// ## What it does
/// Stops reading a file that is larger than 32 MiB, nests deeper than 64 levels, expands
/// aliases to more than 100,000 nodes, holds more than 4,000,000 nodes, or has more than
/// 10,000 keys in one mapping.
///
/// ## Why
/// Maps come from pull requests, so their text is untrusted. These bounds sit far above any
/// real journey map and keep `check` fast and small on hostile input such as alias bombs.
///
/// ## Example
/// ```yaml
/// a: &a [x, x, x, x, x, x, x, x, x]
/// b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
/// c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]   # ... and so on, doubling each line
/// ```
pub static INPUT_LIMIT: RuleInfo = RuleInfo::fixed("JM003", "input-limit");

/// ## What it does
/// Reports a file that is not UTF-8 text: invalid UTF-8 bytes, a UTF-16 file, or control
/// characters (such as NUL) that YAML forbids.
///
/// ## Why
/// Journey maps are text in git; anything else is almost always the wrong file.
///
/// ## Example
/// A spreadsheet saved as `checkout.journey.yaml`.
pub static ENCODING: RuleInfo = RuleInfo::fixed("JM004", "encoding");

/// ## What it does
/// Reports a file that does not hold exactly one YAML document with plain-text keys: an empty
/// file, a second document after `---`, or a list or mapping used as a key.
///
/// ## Why
/// One file is one map, so that paths name maps and diffs compare whole maps.
///
/// ## Example
/// ```yaml
/// journeymap: 1
/// id: first
/// ---
/// journeymap: 1
/// id: second
/// ```
pub static DOCUMENT: RuleInfo = RuleInfo::fixed("JM005", "document");
