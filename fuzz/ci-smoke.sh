#!/usr/bin/env bash
# CI smoke for the fuzz targets: installs cargo-fuzz if missing, builds every target, and runs
# each for ${FUZZ_SMOKE_SECONDS:-20} s over the seed corpus. Fails on any crash, timeout or OOM
# (the input is left in fuzz/artifacts/TARGET/). Meant to be called from .ci/run:
#   step "fuzz smoke"; bash fuzz/ci-smoke.sh
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_DIR"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
bash fuzz/build.sh
# Every committed regression input must pass first (a fixed bug stays fixed).
for f in fuzz/regressions/*; do
  [ -f "$f" ] || continue
  t=$(basename "$f"); t=${t%%-*}
  echo "regression $f ($t)"
  cargo fuzz run "${FUZZ_FLAGS[@]}" "$t" "$f" -- -runs=1 >/dev/null 2>&1 \
    || { echo "FAILED: $f"; cargo fuzz run "${FUZZ_FLAGS[@]}" "$t" "$f" -- -runs=1 2>&1 | tail -30; exit 1; }
done
bash fuzz/run.sh all "${FUZZ_SMOKE_SECONDS:-20}"
