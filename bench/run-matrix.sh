#!/usr/bin/env bash
# Runs the figures of docs/benchmarks.md one after another and prints their RESULT lines at the end.
# Waits before each run until the machine is quiet (under QUIET_PCT % CPU busy over 5 s, at most QUIET_WAIT s), so
# that other work on a shared machine does not leak into the figures.
#
#   bench/run-matrix.sh                      # the default matrix
#   bench/run-matrix.sh "--db=postgres --callers=64" "--db=h2 --callers=32"   # chosen runs
#
# Environment: SECONDS_MEASURED (30), WARMUP (10), QUIET_PCT (15), QUIET_WAIT (900), LOG (bench/target/matrix.log).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [[ "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)" != *'"25'* ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
SECONDS_MEASURED="${SECONDS_MEASURED:-30}"
WARMUP="${WARMUP:-10}"
QUIET_PCT="${QUIET_PCT:-15}"
QUIET_WAIT="${QUIET_WAIT:-900}"
LOG="${LOG:-bench/target/matrix.log}"

busy_pct() {

  read -r _ a1 a2 a3 a4 a5 a6 a7 a8 _ < /proc/stat
  sleep 5
  read -r _ b1 b2 b3 b4 b5 b6 b7 b8 _ < /proc/stat
  local total=$(( (b1+b2+b3+b4+b5+b6+b7+b8) - (a1+a2+a3+a4+a5+a6+a7+a8) ))
  local idle=$(( (b4+b5) - (a4+a5) ))
  echo $(( 100 * (total - idle) / total ))
}

wait_quiet() {
  local waited=0 pct
  while pct=$(busy_pct); (( pct >= QUIET_PCT )); do
    waited=$((waited + 5))
    if (( waited >= QUIET_WAIT )); then
      echo "machine still ${pct}% busy after ${QUIET_WAIT}s; running anyway" | tee -a "$LOG"
      return
    fi
  done
  echo "machine quiet (${pct}% busy)" | tee -a "$LOG"
}

if (( $# == 0 )); then
  set -- \
    "--db=h2 --callers=32" \
    "--db=postgres --callers=32" \
    "--db=postgres --callers=64" \
    "--db=postgres --callers=128" \
    "--db=postgres --callers=128 --mode=ledger" \
    "--db=postgres --callers=32 --mode=ledger" \
    "--db=h2 --callers=128 --mode=ledger"
fi

./mvnw -q -pl bench -am package -DskipTests -Dspotless.check.skip=true
mkdir -p "$(dirname "$LOG")"
for run in "$@"; do
  wait_quiet
  echo "### bench/purchase-bench.sh $run --warmup=$WARMUP --seconds=$SECONDS_MEASURED" | tee -a "$LOG"
  # shellcheck disable=SC2086
  BENCH_NO_BUILD=1 bench/purchase-bench.sh $run --warmup="$WARMUP" --seconds="$SECONDS_MEASURED" 2>&1 \
    | grep -v -e ' WARN ' -e '^WARNING' | tee -a "$LOG" || true
done
echo
grep '^RESULT' "$LOG" | tail -n "$#"
