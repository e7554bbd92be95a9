//! Stage 1: from bytes on disk (or from git) to a YAML tree that keeps a span on every node.
//!
//! Map text is hostile until proven otherwise: the file size, nesting depth, alias expansion,
//! node count and keys per mapping are all bounded, and every failure is a [`Diagnostic`]
//! pointing at the offending bytes, never a panic.

pub mod codes;
mod de;
pub mod find;
pub mod instance;
mod parse;
pub mod read;
mod scalar;
mod tree;

use std::path::Path;
use std::sync::Arc;

pub use parse::forbidden_in_text;
pub use tree::{Document, Entry, KeyId, Keys, Location, Node, NodeValue, Text};

use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;

/// Bounds on what one input may cost. The defaults hold maps far beyond any real journey
/// (a generated 40,000-step map with every lane filled is 19 MB and about 1.3 million nodes)
/// while keeping hostile input cheap.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_depth: usize,
    pub max_nodes: usize,
    pub max_alias_nodes: usize,
    pub max_mapping_keys: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 32 * 1024 * 1024,
            max_depth: 64,
            max_nodes: 4_000_000,
            max_alias_nodes: 100_000,
            max_mapping_keys: 10_000,
        }
    }
}

/// Decodes raw bytes into a [`SourceFile`], refusing what is not UTF-8 text within the size
/// limit. `name` is what diagnostics call the file.
pub fn decode(
    name: &str,
    path: Option<&Path>,
    bytes: Vec<u8>,
    limits: &Limits,
) -> Result<Arc<SourceFile>, Diagnostic> {
    let whole_file = |message: String, help: &str| {
        let file = SourceFile::new(name, path, String::new());
        Diagnostic::new(&codes::ENCODING, &file, None, message).with_help(help)
    };
    if bytes.len() > limits.max_bytes {
        return Err(too_large(name, path, Some(bytes.len()), limits));
    }
    if let Some(encoding) = wide_encoding(&bytes) {
        return Err(whole_file(
            format!("the file is {encoding}; journey maps are UTF-8"),
            "save the file as UTF-8",
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(name, path, text)),
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            // Keep the valid prefix so the diagnostic can show where decoding failed.
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let file = SourceFile::new(name, path, prefix);
            let at = file.line_col(valid);
            Err(Diagnostic::new(
                &codes::ENCODING,
                &file,
                Some(valid..valid),
                format!(
                    "the file is not valid UTF-8: byte {valid} (line {}, column {}) is 0x{:02X}",
                    at.line, at.column, bytes[valid]
                ),
            )
            .with_label("decoding stops here")
            .with_help("save the file as UTF-8"))
        }
    }
}

/// Names the UTF-16 or UTF-32 encoding `bytes` are in, by their byte-order mark or, without
/// one, by the zero bytes that ASCII text has between its characters in those encodings.
fn wide_encoding(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Some("UTF-32");
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Some("UTF-16");
    }
    // Without a BOM: look at the start, where a map has its ASCII keys.
    let head = &bytes[..bytes.len().min(64) & !3];
    if head.len() < 8 {
        return None;
    }
    let zero_at = |phase: usize, step: usize| {
        head.iter()
            .enumerate()
            .filter(|(i, _)| i % step == phase)
            .all(|(_, &b)| b == 0)
    };
    let nonzero_at = |phase: usize, step: usize| {
        head.iter()
            .enumerate()
            .filter(|(i, _)| i % step == phase)
            .all(|(_, &b)| b != 0)
    };
    if (nonzero_at(0, 4) && zero_at(1, 4) && zero_at(2, 4) && zero_at(3, 4))
        || (zero_at(0, 4) && zero_at(1, 4) && zero_at(2, 4) && nonzero_at(3, 4))
    {
        return Some("UTF-32 (without a byte-order mark)");
    }
    if (nonzero_at(0, 2) && zero_at(1, 2)) || (zero_at(0, 2) && nonzero_at(1, 2)) {
        return Some("UTF-16 (without a byte-order mark)");
    }
    None
}

/// The finding for an input over the size limit (`len` when it is known; a stream is read
/// only up to the limit).
fn too_large(name: &str, path: Option<&Path>, len: Option<usize>, limits: &Limits) -> Diagnostic {
    let file = SourceFile::new(name, path, String::new());
    let size = match len {
        Some(len) => format!("the file is {len} bytes"),
        None => format!("the input holds more than {} bytes", limits.max_bytes),
    };
    Diagnostic::new(
        &codes::INPUT_LIMIT,
        &file,
        None,
        format!(
            "{size}; journey maps are limited to {} bytes",
            limits.max_bytes
        ),
    )
    .with_help("split the map into several files")
}

/// Parses a decoded file into its YAML tree.
pub fn parse(file: &Arc<SourceFile>, limits: &Limits) -> Result<Document, Vec<Diagnostic>> {
    parse::check_characters(file).map_err(|d| vec![d])?;
    let (root, keys) = parse::parse(file, limits)?;
    Ok(Document {
        file: Arc::clone(file),
        root,
        keys,
    })
}

/// Reads a path from disk, bounded and confined (see [`read`]). An unreadable or refused
/// path is `Err` with a plain message (exit code 2 material, not a finding about a map).
pub fn read_path(
    path: &Path,
    limits: &Limits,
) -> Result<Result<Arc<SourceFile>, Diagnostic>, String> {
    let name = path.display().to_string();
    Ok(match read::read_file(path, limits.max_bytes)? {
        read::Bytes::Whole(bytes) => decode(&name, Some(path), bytes, limits),
        read::Bytes::TooLarge => Err(too_large(&name, Some(path), None, limits)),
    })
}

/// Reads standard input as a map's text, bounded.
pub fn read_stdin(
    name: &str,
    limits: &Limits,
) -> Result<Result<Arc<SourceFile>, Diagnostic>, String> {
    Ok(match read::read_stdin(limits.max_bytes)? {
        read::Bytes::Whole(bytes) => decode(name, None, bytes, limits),
        read::Bytes::TooLarge => Err(too_large(name, None, None, limits)),
    })
}
