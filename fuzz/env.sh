# Sourced by the fuzz scripts: how cargo-fuzz runs on a stable toolchain here.
# cargo-fuzz passes nightly-only flags (-Zsanitizer, sancov passes); RUSTC_BOOTSTRAP=1 lets the
# stable compiler accept them. --sanitizer none: no AddressSanitizer (the code is safe Rust and
# ASan needs a nightly std); -a: debug assertions and overflow checks on, so arithmetic
# overflow panics instead of wrapping. The fuzz crate has its own target dir (fuzz/target).
export RUSTC_BOOTSTRAP=1
# cargo-fuzz builds in its own target dir, fuzz/target.
unset CARGO_TARGET_DIR
FUZZ_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$FUZZ_DIR")"
TARGETS=(check import_mermaid import_csv config render edit_base import_xlsx fmt lsp)
FUZZ_FLAGS=(--sanitizer none --debug-assertions)
# The dictionary of each target.
dict_of() {
  case "$1" in
    check | render | edit_base | fmt | lsp) echo "$FUZZ_DIR/dict/yaml.dict" ;;
    import_xlsx) echo "$FUZZ_DIR/dict/interchange.dict" ;;
    import_mermaid | import_csv) echo "$FUZZ_DIR/dict/interchange.dict" ;;
    config) echo "$FUZZ_DIR/dict/toml.dict" ;;
    *) echo "unknown target $1" >&2; return 1 ;;
  esac
}
