#!/usr/bin/env bash
# Every YAML file journeymap writes, read by other YAML readers, which must read the same data
# journeymap's loader reads: the examples and map fixtures through the project's writer, what
# `import csv` (with and without --base) and `import mermaid` write for each example, the
# maps `init` writes, and the same for generated maps (every key and kind, hostile and
# YAML-special text; the property test of tests/generated_maps.rs). A `--base` import keeps
# the base's own text, so its bases here are files the project wrote. Readers: PyYAML pure and libyaml, ruamel.yaml (read.py);
# js-yaml, and yaml as YAML 1.2 and 1.1 (read.mjs); go-yaml v3 (read.go) where Go and Debian's
# golang-gopkg-yaml.v3-dev are installed.
#
# Needs: python3 with PyYAML and ruamel.yaml (pip install pyyaml ruamel.yaml), node and npm
# (installs js-yaml and yaml from package-lock.json).
# JOURNEYMAP_PROPTEST_CASES sets how many generated maps (default 64).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
corpus="$root/target/ci/yaml-corpus"
rm -rf "$corpus"
mkdir -p "$corpus"
if [[ ! -d "$here/node_modules/js-yaml" || ! -d "$here/node_modules/yaml" ]]; then
  (cd "$here" && npm ci --silent --no-audit --no-fund)
fi
cd "$root"
JOURNEYMAP_YAML_CORPUS="$corpus" cargo test --quiet --test interchange_yaml \
  write_corpus_for_other_readers -- --ignored >/dev/null
JOURNEYMAP_YAML_CORPUS="$corpus" JOURNEYMAP_PROPTEST_CASES="${JOURNEYMAP_PROPTEST_CASES:-64}" \
  cargo test --quiet --test generated_maps >/dev/null
python3 "$here/read.py" "$corpus"
node "$here/read.mjs" "$corpus"
if command -v go >/dev/null && [[ -d /usr/share/gocode/src/gopkg.in/yaml.v3 ]]; then
  GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$root/target/ci/go-cache" \
    go run "$here/read.go" "$corpus" > "$root/target/ci/go-yaml.jsonl"
  python3 "$here/read.py" --go "$root/target/ci/go-yaml.jsonl" "$corpus"
elif [[ -n "${CI:-}" ]]; then
  echo "go-yaml v3 is not installed (golang-go, golang-gopkg-yaml.v3-dev)" >&2
  exit 1
else
  echo "go-yaml v3 skipped: install golang-go and golang-gopkg-yaml.v3-dev to read with it"
fi
