#!/usr/bin/env bash
# Builds every fuzz target (or the ones named): the invocation that works on this stable
# toolchain.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_DIR"
if [ $# -eq 0 ]; then
  cargo fuzz build "${FUZZ_FLAGS[@]}"
else
  for t in "$@"; do cargo fuzz build "${FUZZ_FLAGS[@]}" "$t"; done
fi
