//! journeymap: a compiler for customer journey maps written as code.
//!
//! The pipeline (see docs/architecture.md): [`load`] reads YAML into a tree with spans,
//! [`validate`] checks it against the JSON Schema and the semantic rules, [`model`] holds the
//! typed map, and the commands in [`commands`] drive them.

// A `Diagnostic` is the error value of the loader's functions. It is large, but it only travels
// on the cold path that ends a file's processing, so boxing it would buy nothing.
#![allow(clippy::result_large_err)]

pub mod canonical;
pub mod cli;
pub mod codes;
pub mod commands;
pub mod diagnostics;
pub mod diff;
pub mod git;
pub mod interchange;
pub mod layout;
pub mod load;
pub mod lsp;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod repository;
pub mod schema;
pub mod serve;
pub mod settings;
pub mod site;
pub mod source;
pub mod suggest;
pub mod validate;
pub mod visible;

/// Formats a number with at most two decimals and no trailing zeros, the same on every
/// machine, so that output is byte-identical from run to run.
pub fn format_number(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let text = format!("{rounded:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_formatted_fixed() {
        assert_eq!(super::format_number(4.0), "4");
        assert_eq!(super::format_number(2.125), "2.13");
        assert_eq!(super::format_number(-0.001), "0");
        assert_eq!(super::format_number(70.5), "70.5");
    }
}
