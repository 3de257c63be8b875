#!/usr/bin/env bash
# Time of a business day's settlement run, its repeat and a reconciliation for N merchants with P payments each.
#
#   bench/settlement-bench.sh --db=postgres --merchants=10000 --payments=5
#   bench/settlement-bench.sh --db=memory --merchants=100000
#
# Builds dangol-app and dangol-bench (skip with BENCH_NO_BUILD=1), then runs dev.dangol.settlement.internal.
# SettlementRunBench on a plain JVM against the local PostgreSQL (127.0.0.1:5432, database test, a schema of its own,
# dropped afterwards) or the in-memory ledger. Needs JDK 25.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [[ "${BENCH_NO_BUILD:-0}" != 1 ]]; then
  ./mvnw -q -pl bench -am package -DskipTests -Dspotless.check.skip=true
fi
exec "$JAVA_HOME/bin/java" ${BENCH_JVM_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC} \
  -cp "bench/target/dangol-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
  dev.dangol.settlement.internal.SettlementRunBench "$@"
