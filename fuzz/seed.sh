#!/usr/bin/env bash
# Fills fuzz/corpus/TARGET/ with the repository's maps, diagrams and settings, beside the
# committed seed-* files. Safe to run again (files are overwritten, the fuzzer's finds kept).
# With a journeymap binary on PATH (or in $JOURNEYMAP), the examples exported as CSV and
# Mermaid are added to the import targets' corpora.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_DIR"

copy() { # copy TARGET PREFIX FILE...
  local target=$1 prefix=$2
  shift 2
  mkdir -p "fuzz/corpus/$target"
  for f in "$@"; do
    [ -f "$f" ] || continue
    # Seeds over 64 KB slow every mutation down; none of the repository's are.
    [ "$(stat -c %s "$f")" -le 65536 ] || continue
    cp "$f" "fuzz/corpus/$target/$prefix-$(echo "$f" | tr '/' '_')"
  done
}

shopt -s globstar nullglob
maps=(examples/*.journey.yaml tests/fixtures/**/*.yaml)
copy check fixture "${maps[@]}"
copy render fixture "${maps[@]}"
copy edit_base fixture "${maps[@]}"
copy fmt fixture "${maps[@]}"
copy lsp fixture "${maps[@]}"
copy import_mermaid fixture tests/fixtures/**/*.mmd tests/fixtures/**/*.md
copy import_csv fixture tests/fixtures/**/*.csv
copy config fixture tests/fixtures/**/*.toml ./**/journeymap.toml

journeymap="${JOURNEYMAP:-$(command -v journeymap || true)}"
if [ -n "$journeymap" ]; then
  mkdir -p fuzz/corpus/import_csv fuzz/corpus/import_mermaid
  for map in examples/*.journey.yaml tests/fixtures/render/*.yaml; do
    stem=$(basename "$map" .journey.yaml)
    "$journeymap" export csv "$map" -o "fuzz/corpus/import_csv/export-$stem.csv" 2>/dev/null || true
    "$journeymap" export mermaid "$map" -o "fuzz/corpus/import_mermaid/export-$stem.mmd" \
      2>/dev/null || true
    mkdir -p fuzz/corpus/import_xlsx
    "$journeymap" export xlsx "$map" -o "fuzz/corpus/import_xlsx/export-$stem.xlsx" \
      2>/dev/null || true
  done
else
  echo "seed.sh: no journeymap binary (set JOURNEYMAP=...): CSV and Mermaid exports not added" >&2
fi

for t in "${TARGETS[@]}"; do
  printf '%-15s %4d files\n' "$t" "$(find "fuzz/corpus/$t" -type f | wc -l)"
done
