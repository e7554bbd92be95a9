#!/usr/bin/env bash
# The Python wheel: built with maturin from this checkout, installed into a fresh virtual
# environment (no Rust needed there), and run: `journeymap check` on the examples and a
# render, from the venv's own `journeymap`. Prints how long the install from the wheel took.
# Needs: python3 with venv and pip; maturin (installed into a build venv from PyPI).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$root/target/ci/wheel"
rm -rf "$work"
mkdir -p "$work"
python3 -m venv "$work/build"
"$work/build/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.5,<2"
(cd "$root" && "$work/build/bin/maturin" build --release --quiet --out "$work/dist")
wheel=$(ls "$work"/dist/journeymap-*.whl)
python3 -m venv "$work/user"
start=$(python3 -c "import time; print(time.time())")
"$work/user/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
end=$(python3 -c "import time; print(time.time())")
"$work/user/bin/journeymap" --version
"$work/user/bin/journeymap" check "$root/examples" 2> "$work/check.txt"
"$work/user/bin/journeymap" render "$root/examples/grocery-checkout.journey.yaml" -o "$work/grocery.svg"
test -s "$work/grocery.svg"
seconds=$(python3 -c "print(f'{$end - $start:.1f}')")
echo "wheel $(basename "$wheel") ($(( $(stat -c %s "$wheel") / 1024 )) KB) installs in $seconds s, with no Rust toolchain involved"
