//! Codes for findings about imported files (Mermaid diagrams and CSV sheets). They point at
//! the line and column of the imported file, not of a journey map.

use crate::diagnostics::RuleInfo;
use crate::diagnostics::Severity;

/// ## What it does
/// Reports a line of a Mermaid journey diagram that Mermaid itself would reject: a task
/// without `: score`, a `;`, a task whose name starts with the keyword `journey`, a `#` that
/// cuts a task short, an unclosed `accDescr {`, or text that is not a journey diagram at all.
/// Also reports a diagram with no tasks, which cannot become a map, and control characters
/// (other than tabs and line breaks), whether written as they are or as entity codes (`#27;`).
///
/// ## Why
/// journeymap reads Mermaid the way Mermaid does, so that what imports is what GitHub draws.
/// A line Mermaid cannot parse would break the diagram on GitHub too.
///
/// ## Example
/// ```text
/// journey
///   section Order
///     Pay for order #1: 4: Customer    %% `#` starts a comment: the score is cut off
/// ```
pub static MERMAID_SYNTAX: RuleInfo = RuleInfo::fixed("JM301", "mermaid-syntax");

/// ## What it does
/// Reports a Mermaid task score that is not a whole number from 1 to 5.
///
/// ## Why
/// Mermaid draws any number, but a journey map's emotion is a score from -2 to 2, which
/// journeymap takes from Mermaid's 1..5 (1 -> -2, 3 -> 0, 5 -> +2). A 7 or a `high` has no
/// place on that scale, so journeymap asks rather than guesses.
///
/// ## Example
/// ```text
/// journey
///   section Order
///     Pay: 7: Customer      %% 7 is not in 1..5
/// ```
pub static MERMAID_SCORE: RuleInfo = RuleInfo::fixed("JM303", "mermaid-score");

/// ## What it does
/// Warns about text that Mermaid reads differently from what it looks like: a `%%` comment at
/// the end of a line (Mermaid shows it as text), or a third `:` field in a task (Mermaid drops
/// it). The import keeps what the author meant and says so.
///
/// ## Why
/// The imported map would otherwise differ silently from the diagram GitHub draws.
///
/// ## Example
/// ```text
/// journey
///   section Order
///     Pay: 4: Customer   %% Mermaid shows this comment as part of the actor's name
/// ```
pub static MERMAID_COMPAT: RuleInfo =
    RuleInfo::fixed_at("JM304", "mermaid-compat", Severity::Warning);

/// ## What it does
/// Reports a CSV sheet that cannot be imported as a journey map: a header that names an
/// unknown or repeated column or lacks a required one, a row with the wrong number of cells,
/// or a cell whose value is not what its column holds (an emotion outside -2..2, an id that is
/// not a slug, a time that is not `HH:MM`, a list cell that is not valid JSON, a control
/// character...). The message names the row and the column, as a spreadsheet shows them
/// (`row 4, column F (emotion)`). A time may also be given as spreadsheets write it
/// (`06:45:00`, `6:45 AM`, `06:45:00 AM`); it is read as `06:45`.
///
/// When the map made from the sheet fails a check of its own (a pain point id used twice, an
/// opportunity addressing an unknown pain point), that finding keeps its own code but is shown
/// at the sheet's cell, or at least its row.
///
/// ## Why
/// Spreadsheets are edited by hand; a typo must point at its cell, not at a line of YAML the
/// user never saw.
///
/// ## Example
/// ```text
/// stage_id,stage_name,step_id,step_name,emotion
/// decision,Decision,checkout,Pays at checkout,very bad
/// ```
pub static CSV_FORMAT: RuleInfo = RuleInfo::fixed("JM302", "csv-format");

/// Every code of this module, in code order (for the docs).
pub fn all() -> [&'static RuleInfo; 4] {
    [
        &MERMAID_SYNTAX,
        &CSV_FORMAT,
        &MERMAID_SCORE,
        &MERMAID_COMPAT,
    ]
}
