#!/usr/bin/env bash
# Browser test of the HTML pages `journeymap render` makes: every example, each view, and a
# map full of script-injection attempts, loaded in headless Chromium (tests/browser/check.mjs);
# the one diagram under a light and a dark scheme against --theme light and dark (scheme.mjs).
# Then `journeymap site` of the examples and generated maps (tests/browser/site.mjs), and
# `journeymap serve` live in the browser (tests/browser/serve.mjs).
# Then the Mermaid emotion charts of `journeymap diff --format markdown` are parsed and drawn
# with the pinned mermaid package, as GitHub shows them in a pull request (tests/browser/mermaid.mjs).
#
# Needs: chromium and fonts-liberation2 (Debian packages; the font lets the browser check that
# text measured with the embedded metrics fits its card) and node; installs playwright-core
# and mermaid from package-lock.json.
#   apt-get install -y chromium fonts-liberation2 nodejs npm
#   bash tests/browser/run.sh            # uses target/debug/journeymap, building it if needed
# JOURNEYMAP_BIN=path/to/journeymap and CHROMIUM=path/to/chromium override the defaults.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../common/journeymap-bin.sh
source "$here/../common/journeymap-bin.sh"
if [[ ! -d "$here/node_modules/playwright-core" || ! -d "$here/node_modules/mermaid" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --silent)
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

for map in "$root"/examples/*.journey.yaml; do
  name="$(basename "$map" .journey.yaml)"
  "$bin" render "$map" -o "$out/$name.html"
  "$bin" render "$map" -o "$out/$name.empathy.html" --view empathy
done
fixtures="$root/tests/fixtures/render"
"$bin" render "$fixtures/hostile.journey.yaml" -o "$out/hostile.html"
"$bin" render "$fixtures/hostile.journey.yaml" -o "$out/hostile.dark.html" --theme dark
"$bin" render "$fixtures/hostile.journey.yaml" -o "$out/hostile.empathy.html" --view empathy
"$bin" render "$fixtures/all-lanes.journey.yaml" -o "$out/all-lanes.persona.html" --persona resident

node "$here/check.mjs" "$out"

# One diagram, recoloured by the page's stylesheet under a dark scheme: the same pixels as
# the pages drawn with --theme light and --theme dark.
mkdir -p "$out/scheme"
for map in "$root"/examples/*.journey.yaml "$fixtures/all-lanes.journey.yaml" "$fixtures/hostile.journey.yaml"; do
  name="$(basename "$map" .journey.yaml)"
  "$bin" render "$map" -o "$out/scheme/$name.html"
  "$bin" render "$map" -o "$out/scheme/$name.light.html" --theme light
  "$bin" render "$map" -o "$out/scheme/$name.dark.html" --theme dark
done
node "$here/scheme.mjs" "$out/scheme" "$root/target/ci/browser-scheme"

# The page as a viewer, at a laptop's and a phone's size, on every example and on generated
# big maps; screenshots and Chromium's print PDFs are kept in target/ci/browser for review.
shots="$root/target/ci/browser"
rm -rf "$shots" && mkdir -p "$shots" "$out/viewer"
for map in "$root"/examples/*.journey.yaml; do
  "$bin" render "$map" -o "$out/viewer/$(basename "$map" .journey.yaml).html"
done
(cd "$root" && JOURNEYMAP_GEN_DIR="$out/gen" JOURNEYMAP_GEN_STEPS=120,500 \
  cargo test --quiet --test render_gen -- --ignored >/dev/null)
for steps in 120 500; do
  "$bin" render "$out/gen/generated-$steps.journey.yaml" -o "$out/viewer/generated-$steps.html"
done
node "$here/viewer.mjs" "$out/viewer" "$shots"

# The static site of the examples, the fixture repository of maps and the generated maps:
# every page at a laptop's and a phone's size, and the index's search.
mkdir -p "$out/site-src"
cp "$root"/examples/*.journey.yaml "$out/gen/generated-120.journey.yaml" "$out/gen/generated-500.journey.yaml" "$out/site-src/"
cp -r "$root/tests/fixtures/repository" "$out/site-src/repository"
"$bin" site "$out/site-src" -o "$out/site" --today 2026-11-30
node "$here/site.mjs" "$out/site" "$root/target/ci/browser-site" eleven-page maps/repository--banking--account-opening.html
# Printing through Chromium gives the paper pages: no Latin word under 8 pt (poppler reads it).
if command -v pdftotext >/dev/null; then
  # The generated journeys need more than 60 sheets, so their pages print the diagram scaled
  # (no page numbers, and text under 8 pt by design); the paper check is for the examples.
  for pdf in "$shots"/*-print.pdf; do
    case "$(basename "$pdf")" in generated-*) continue ;; esac
    python3 "$root/tests/paper/check_pdf.py" "$pdf"
  done
else
  echo "pdftotext (poppler-utils) is not installed: the print PDFs were not read" >&2
  exit 1
fi

# `journeymap serve` as a writer uses it: saves reload the page, broken saves show findings
# over the last diagram, nothing escapes the folder. The release binary when there is one, so
# the reload time it prints is the one people see.
serve_bin="$bin"
if [[ -z "${JOURNEYMAP_BIN:-}" && -x "$root/target/release/journeymap" ]]; then
  serve_bin="$root/target/release/journeymap"
fi
mkdir -p "$out/serve"
cp "$root/examples/grocery-checkout.journey.yaml" "$fixtures/hostile.journey.yaml" "$out/serve/"
node "$here/serve.mjs" "$serve_bin" "$out/serve" "$shots"

mkdir -p "$out/md"
"$bin" diff "$root/examples/grocery-checkout.journey.yaml" "$root/examples/grocery-checkout-future.journey.yaml" \
  --format markdown -o "$out/md/grocery-gap.md"
"$bin" diff "$root/tests/fixtures/diff/gap/current.journey.yaml" "$root/tests/fixtures/diff/gap/future.journey.yaml" \
  --format markdown -o "$out/md/gap.md"
"$bin" diff "$root/tests/fixtures/diff/chart-text/old.journey.yaml" "$root/tests/fixtures/diff/chart-text/new.journey.yaml" \
  --format markdown -o "$out/md/chart-text.md"
node "$here/mermaid.mjs" "$out/md" "$out/shots"

"$bin" diff "$root/tests/fixtures/diff/kinds/old.journey.yaml" "$root/tests/fixtures/diff/kinds/new.journey.yaml" \
  -o "$out/kinds-diff.html"
node "$here/diff-filters.mjs" "$out/kinds-diff.html"
