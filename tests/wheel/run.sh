#!/usr/bin/env bash
# The Python wheel: built with maturin from this checkout, installed into a fresh virtual
# environment (no Rust needed there), and run: `journeymap check` on the examples and a
# render, from the venv's own `journeymap`. Prints how long the install from the wheel took.
# Then the `journeymap-check` pre-commit hook (`language: python`) through `pre-commit try-repo`,
# with pip allowed to read only a folder holding that wheel and setuptools: it must install the
# binary from the wheel (no Rust compile), pass the examples and fail a broken map.
# Needs: python3 with venv and pip; maturin (installed into a build venv from PyPI); pre-commit;
# git.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$root/target/ci/wheel"
rm -rf "$work"
mkdir -p "$work"
python3 -m venv "$work/build"
"$work/build/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.5,<2"
# The hook package (root pyproject.toml) pins the wheel at the crate's version.
crate_version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)
grep -q "^dependencies = \[\"journeymap==$crate_version\"\]$" "$root/pyproject.toml" || {
  echo "pyproject.toml must depend on journeymap==$crate_version (the crate's version)" >&2
  exit 1
}
grep -q "^version = \"$crate_version\"$" "$root/pyproject.toml" || {
  echo "pyproject.toml's version must be the crate's version, $crate_version" >&2
  exit 1
}
(cd "$root/packaging/python" && "$work/build/bin/maturin" build --release --quiet --out "$work/dist")
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

# The pre-commit hook, installed from the wheel alone: pip may read only $work/dist, which holds
# the wheel and setuptools (to build the hook package, which has no code).
"$work/build/bin/pip" download --quiet --disable-pip-version-check --only-binary :all: \
  --dest "$work/dist" "setuptools>=61"
repo="$work/maps"
mkdir -p "$repo"
cp "$root"/examples/*.journey.yaml "$repo/"
git -C "$repo" init --quiet
git -C "$repo" add .
map_count=$(find "$repo" -name "*.journey.yaml" | wc -l)
export PIP_NO_INDEX=1 PIP_FIND_LINKS="$work/dist"
# No Rust toolchain either: every PATH entry that has cargo or rustc is dropped, so a hook that
# tried to compile journeymap (or pip building it from source with maturin) would fail.
rustless_path=""
IFS=: read -r -a path_dirs <<< "$PATH"
for dir in "${path_dirs[@]}"; do
  [[ -x "$dir/cargo" || -x "$dir/rustc" ]] && continue
  rustless_path="${rustless_path:+$rustless_path:}$dir"
done
export PATH="$rustless_path"
! command -v cargo >/dev/null || { echo "cargo is still on PATH" >&2; exit 1; }
start=$(python3 -c "import time; print(time.time())")
(cd "$repo" && pre-commit try-repo "$root" journeymap-check --all-files) > "$work/hook-pass.txt" 2>&1 || {
  cat "$work/hook-pass.txt" >&2
  echo "the journeymap-check hook failed on the examples" >&2
  exit 1
}
end=$(python3 -c "import time; print(time.time())")
grep -q "journeymap check.*Passed" "$work/hook-pass.txt" || {
  cat "$work/hook-pass.txt" >&2
  echo "the journeymap-check hook did not run" >&2
  exit 1
}
hook_seconds=$(python3 -c "print(f'{$end - $start:.1f}')")
printf 'title: Broken\nstages: [\n' > "$repo/broken.journey.yaml"
git -C "$repo" add broken.journey.yaml
if (cd "$repo" && pre-commit try-repo "$root" journeymap-check --files broken.journey.yaml) \
  > "$work/hook-fail.txt" 2>&1; then
  cat "$work/hook-fail.txt" >&2
  echo "the journeymap-check hook passed a broken map" >&2
  exit 1
fi
grep -q "broken.journey.yaml:3" "$work/hook-fail.txt" || {
  cat "$work/hook-fail.txt" >&2
  echo "the hook's failure does not point at the broken line" >&2
  exit 1
}
# journeymap-fmt from the same wheel: a map out of canonical layout is rewritten (the hook
# fails, as formatters do, so the change can be reviewed), and then passes.
git -C "$repo" rm --quiet --cached broken.journey.yaml
rm "$repo/broken.journey.yaml"
printf 'title: Messy   # kept\nid: messy\njourneymap: 1\nstages:\n- {id: s, name: S, steps: [{id: a, name: A}]}\n' \
  > "$repo/messy.journey.yaml"
git -C "$repo" add messy.journey.yaml
if (cd "$repo" && pre-commit try-repo "$root" journeymap-fmt --files messy.journey.yaml) \
  > "$work/fmt-first.txt" 2>&1; then
  cat "$work/fmt-first.txt" >&2
  echo "the journeymap-fmt hook left a map out of canonical layout" >&2
  exit 1
fi
grep -q "files were modified by this hook" "$work/fmt-first.txt" \
  && head -n 3 "$repo/messy.journey.yaml" | grep -q "^title: Messy  # kept$" || {
  cat "$work/fmt-first.txt" "$repo/messy.journey.yaml" >&2
  echo "the journeymap-fmt hook did not rewrite the map in the canonical layout" >&2
  exit 1
}
git -C "$repo" add messy.journey.yaml
(cd "$repo" && pre-commit try-repo "$root" journeymap-fmt --files messy.journey.yaml) \
  > "$work/fmt-second.txt" 2>&1 || {
  cat "$work/fmt-second.txt" >&2
  echo "the journeymap-fmt hook failed on a map it had formatted" >&2
  exit 1
}
echo "pre-commit hook journeymap-check: installed from the wheel and run on $map_count examples in $hook_seconds s (first run, environment included)"
