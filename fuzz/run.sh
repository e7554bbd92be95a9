#!/usr/bin/env bash
# fuzz/run.sh TARGET|all SECONDS [extra libFuzzer flags...]
#
# Runs a target (or each in turn) for SECONDS of wall time with one job, over its corpus
# (fuzz/corpus/TARGET, grown in place) and its dictionary. Crashes, timeouts and OOMs land in
# fuzz/artifacts/TARGET/; the log in fuzz/logs/TARGET.log (with -jobs=1 libFuzzer runs the
# fuzzing in a child whose output it writes to ./fuzz-0.log: that becomes
# fuzz/logs/TARGET.job.log). Exits non-zero if any target found something.
#
# To keep going after a crash (every crash, timeout and OOM is still saved in artifacts/):
#   fuzz/run.sh all 600 -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_DIR"

if [ $# -lt 2 ]; then
  echo "usage: fuzz/run.sh TARGET|all SECONDS [libFuzzer flags...]" >&2
  echo "targets: ${TARGETS[*]}" >&2
  exit 2
fi
which=$1 seconds=$2
shift 2
if [ "$which" = all ]; then targets=("${TARGETS[@]}"); else targets=("$which"); fi

[ -d fuzz/corpus/check ] && [ -n "$(ls fuzz/corpus/check | grep -v '^seed-' | head -1)" ] \
  || bash fuzz/seed.sh

status=0
mkdir -p fuzz/logs
for t in "${targets[@]}"; do
  dict=$(dict_of "$t")
  mkdir -p "fuzz/artifacts/$t" "fuzz/corpus/$t"
  echo "== $t for ${seconds}s (log: fuzz/logs/$t.log)"
  if ! cargo fuzz run "${FUZZ_FLAGS[@]}" "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$seconds" -jobs=1 -workers=1 \
    -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
    -dict="$dict" -artifact_prefix="fuzz/artifacts/$t/" -print_final_stats=1 "$@" \
    >"fuzz/logs/$t.log" 2>&1; then
    status=1
  fi
  [ -f fuzz-0.log ] && mv fuzz-0.log "fuzz/logs/$t.job.log"
  logs=("fuzz/logs/$t.log")
  [ -f "fuzz/logs/$t.job.log" ] && logs+=("fuzz/logs/$t.job.log")
  if [ -n "$(ls -A "fuzz/artifacts/$t/")" ]; then
    status=1
    echo "!! $t found something:"
    grep -h -m3 -A2 "panicked at\|ERROR: libFuzzer" "${logs[@]}" || true
    ls -1 "fuzz/artifacts/$t/"
  fi
  grep -h -E "^stat::(number_of_executed_units|peak_rss_mb)|^#[0-9]+:? .*(DONE|time:)" "${logs[@]}" \
    | tail -3 || true
done
exit $status
