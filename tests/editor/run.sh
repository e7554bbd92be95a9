#!/usr/bin/env bash
# The YAML language server on a map fresh from `journeymap init` (tests/editor/yls.mjs):
# completion with documentation, hover titles, and a flagged error.
# Needs: node and npm (installs yaml-language-server from package-lock.json).
# JOURNEYMAP_BIN=path/to/journeymap overrides target/debug/journeymap.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../common/journeymap-bin.sh
source "$here/../common/journeymap-bin.sh"
if [[ ! -d "$here/node_modules/yaml-language-server" ]]; then
  (cd "$here" && npm ci --silent --no-audit --no-fund)
fi
node "$here/yls.mjs" "$bin"
