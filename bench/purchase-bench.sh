#!/usr/bin/env bash
# Purchase chains per second through the real application (reserve + confirm) on H2 or PostgreSQL.
#
#   bench/purchase-bench.sh --db=postgres --callers=32 --seconds=30
#   bench/purchase-bench.sh --help
#
# Builds dangol-app and dangol-bench (skip with BENCH_NO_BUILD=1), then runs dev.dangol.bench.PurchaseChainBench
# on a plain JVM. Extra JVM flags: BENCH_JVM_OPTS (default -Xms2g -Xmx2g). Needs JDK 25: JAVA_HOME or
# /usr/lib/jvm/temurin-25-jdk-amd64.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [[ "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)" != *'"25'* ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [[ "${BENCH_NO_BUILD:-0}" != 1 ]]; then
  ./mvnw -q -pl bench -am package -DskipTests -Dspotless.check.skip=true
fi
exec "$JAVA_HOME/bin/java" ${BENCH_JVM_OPTS:--Xms2g -Xmx2g} \
  -cp "bench/target/dangol-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
  dev.dangol.bench.PurchaseChainBench "$@"
