//! Stage 1: from bytes on disk (or from git) to a YAML tree that keeps a span on every node.
//!
//! Map text is hostile until proven otherwise: the file size, nesting depth, alias expansion,
//! node count and keys per mapping are all bounded, and every failure is a [`Diagnostic`]
//! pointing at the offending bytes, never a panic.

pub mod codes;
mod de;
pub mod instance;
mod parse;
mod scalar;
mod tree;

use std::path::Path;
use std::sync::Arc;

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
        return Err(too_large(name, path, bytes.len() as u64, limits));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(whole_file(
            "the file is UTF-16; journey maps are UTF-8".into(),
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

/// The finding for a file over the size limit (checked before reading it whole).
fn too_large(name: &str, path: Option<&Path>, len: u64, limits: &Limits) -> Diagnostic {
    let file = SourceFile::new(name, path, String::new());
    Diagnostic::new(
        &codes::INPUT_LIMIT,
        &file,
        None,
        format!(
            "the file is {len} bytes; journey maps are limited to {} bytes",
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

/// Reads a path from disk. An unreadable path is `Err` with a plain message (exit code 2
/// material, not a finding about a map).
pub fn read_path(
    path: &Path,
    limits: &Limits,
) -> Result<Result<Arc<SourceFile>, Diagnostic>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if meta.len() > limits.max_bytes as u64 {
        let name = path.display().to_string();
        return Ok(Err(too_large(&name, Some(path), meta.len(), limits)));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(decode(
        &path.display().to_string(),
        Some(path),
        bytes,
        limits,
    ))
}
