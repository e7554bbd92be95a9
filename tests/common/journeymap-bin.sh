# Sourced by the shell tests that drive the binary: sets `root` (the repository) and `bin`
# (JOURNEYMAP_BIN, else target/debug/journeymap, built when missing). The caller sets `here`.
root="$(cd "$here/../.." && pwd)"
bin="${JOURNEYMAP_BIN:-$root/target/debug/journeymap}"
if [[ ! -x "$bin" ]]; then
  (cd "$root" && cargo build --quiet)
fi
