#!/usr/bin/env bash
# Times journeymap's release binary beside the tools a team would otherwise use, and beside
# the parse floor (saphyr-parser pulling every event of the same file, nothing else), and
# prints the table of docs/performance.md as paired ratios: each row's commands are run
# interleaved by hyperfine on the same inputs, so load on the machine hits both sides alike.
#
#   scripts/bench-peers.sh            # everything (installs the peers on first use)
#   scripts/bench-peers.sh --ours     # journeymap and the parse floor only, no peers
#   BASELINE=/path/to/old/journeymap scripts/bench-peers.sh --ours
#                                     # adds an "old binary" column: before/after ratios
#
# Installs what is missing: hyperfine and Chromium from Debian (apt-get; root), mermaid-cli
# and ajv-cli from npm into target/bench-peers (Puppeteer's own browser download is skipped:
# mermaid-cli drives Debian's /usr/bin/chromium), check-jsonschema from PyPI into a venv
# there. Not run in CI: timings on a shared runner say little, and the peers take minutes.
#
# Prints the machine's load average before and after; figures are worth quoting only when it
# is near zero.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/target/bench-peers"
inputs="$work/inputs"
ours_only=false
[[ "${1:-}" == "--ours" ]] && ours_only=true
mkdir -p "$work"
cd "$root"

need_apt() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if ((${#missing[@]})); then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

need_apt hyperfine time
echo "building the release binary and the parse floor ..." >&2
cargo build --release --quiet
floor=$(cargo bench --bench peers --no-run --message-format=json 2>/dev/null \
  | python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "peers" and m.get("executable"):
        print(m["executable"])')
jm="$root/target/release/journeymap"
"$floor" inputs "$inputs"

if ! $ours_only; then
  need_apt chromium
  if [[ ! -x "$work/node_modules/.bin/mmdc" || ! -x "$work/node_modules/.bin/ajv" ]]; then
    (cd "$work" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit --no-fund \
      @mermaid-js/mermaid-cli@11 ajv-cli@5 ajv-formats@3 >/dev/null)
  fi
  if [[ ! -x "$work/venv/bin/check-jsonschema" ]]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet --disable-pip-version-check check-jsonschema
  fi
  cat > "$work/puppeteer.json" <<'EOF'
{"executablePath": "/usr/bin/chromium", "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]}
EOF
  # Mermaid's own small journey, as Mermaid's documentation shows it; journeymap reads the
  # same file (import mermaid) and draws it.
  cat > "$inputs/mermaid-journey.mmd" <<'EOF'
journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
EOF
fi

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "load average before: $(load)"
results="$work/results.md"
: > "$results"

# row NAME COMMAND... : one hyperfine run of the commands, paired; the first is journeymap.
row() {
  local name="$1"
  shift
  local json="$work/row.json"
  local commands=("$@")
  if [[ -n "${BASELINE:-}" ]]; then
    commands+=("${1//$jm/$BASELINE}")
  fi
  hyperfine --shell=none --warmup 3 --min-runs 15 --export-json "$json" "${commands[@]}" >/dev/null 2>&1 || {
    echo "| $name | (a command failed: run it by hand) |" >> "$results"
    return
  }
  python3 - "$json" "$name" >> "$results" <<'EOF'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]
ours = runs[0]
cells = [f"{ours['mean'] * 1000:.1f} ± {ours['stddev'] * 1000:.1f} ms"]
for other in runs[1:]:
    ratio = other["mean"] / ours["mean"]
    program = other["command"].split()[0].rsplit("/", 1)[-1]
    if other["command"].split()[1:2] == ["floor"]:
        program = "parse floor"
    cells.append(f"{program}: {other['mean'] * 1000:.1f} ms ({ratio:.2f}×)")
print(f"| {sys.argv[2]} | " + " | ".join(cells) + " |")
EOF
}

# memory NAME COMMAND... : peak resident memory of one run.
memory() {
  local name="$1"
  shift
  local kb
  kb=$( /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -n 1)
  echo "| $name | peak $((kb / 1024)) MiB |" >> "$results"
}

out="$work/out"
mkdir -p "$out"
lean="$inputs/lean-500x10.journey.yaml"
rich="$inputs/rich-500x10.journey.yaml"
{
  echo "| work | journeymap | beside it (time, its ratio to journeymap) |"
  echo "|---|---|---|"
} >> "$results"
row "check, 9-line map (start-up)" "$jm check $inputs/tiny.journey.yaml" "$floor floor $inputs/tiny.journey.yaml"
row "check, 500×10 lean map" "$jm check $lean" "$floor floor $lean"
row "check, 500×10 rich map" "$jm check $rich" "$floor floor $rich"
row "check, 1,000 small maps" "$jm check $inputs/small"
row "render 5,000 rich steps → SVG" "$jm render $rich -o $out/rich.svg"
row "render 5,000 rich steps → HTML" "$jm render $rich -o $out/rich.html"
row "diff 2 × 5,000 rich steps" "$jm diff $inputs/diff-old.journey.yaml $inputs/diff-new.journey.yaml --format json"
small50=$(find "$inputs/small" -name "*.journey.yaml" | sort | head -n 50 | tr '\n' ' ')
# shellcheck disable=SC2086 # the 50 paths are meant to split
row "render 50 small maps in one call" "$jm render $small50 -o $out"
if ! $ours_only; then
  row "check 500×10 lean map, against check-jsonschema" "$jm check $lean" \
    "$work/venv/bin/check-jsonschema --schemafile $root/schema/journeymap.schema.json $lean"
  row "check 500×10 rich map, against ajv-cli (draft 2020-12)" "$jm check $rich" \
    "$work/node_modules/.bin/ajv validate --spec=draft2020 -c ajv-formats --strict=false -s $root/schema/journeymap.schema.json -d $rich"
  "$jm" import mermaid "$inputs/mermaid-journey.mmd" -o "$inputs/mermaid-journey.journey.yaml" 2>/dev/null
  row "draw Mermaid's small journey, against mermaid-cli" \
    "$jm render $inputs/mermaid-journey.journey.yaml -o $out/mermaid.svg" \
    "$work/node_modules/.bin/mmdc -p $work/puppeteer.json -i $inputs/mermaid-journey.mmd -o $out/mermaid-mmdc.svg"
fi
{
  echo
  echo "| peak memory | |"
  echo "|---|---|"
} >> "$results"
for example in "$root"/examples/*.journey.yaml; do
  name=$(basename "$example" .journey.yaml)
  memory "check $name" "$jm" check "$example"
  memory "render $name → SVG" "$jm" render "$example" -o "$out/$name.svg"
  memory "render $name → HTML" "$jm" render "$example" -o "$out/$name.html"
  memory "render $name → PNG" "$jm" render "$example" -o "$out/$name.png"
done
for steps in 1000 2500 10000 20000 40000; do
  memory "check rich-$steps" "$jm" check "$inputs/rich-$steps.journey.yaml"
  memory "render rich-$steps → SVG" "$jm" render "$inputs/rich-$steps.journey.yaml" -o "$out/rich-$steps.svg"
done
cat "$results"
echo
echo "load average after: $(load)"
