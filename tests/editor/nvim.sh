#!/usr/bin/env bash
# `journeymap lsp` with a real client: Neovim's built-in LSP client, headless
# (tests/editor/nvim.lua). Needs: nvim (Debian's neovim package, 0.7 or later).
# JOURNEYMAP_BIN=path/to/journeymap overrides target/debug/journeymap.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../common/journeymap-bin.sh
source "$here/../common/journeymap-bin.sh"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$root/tests/fixtures/lsp/typo.journey.yaml" "$work/checkout.journey.yaml"
JOURNEYMAP_BIN="$bin" MAP="$work/checkout.journey.yaml" \
  timeout 120 nvim --headless --clean -c "luafile $here/nvim.lua"
