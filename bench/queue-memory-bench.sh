#!/usr/bin/env bash
# Heap a waiting person costs the embedded waiting room (memory store with its journal), for N joins.
#
#   bench/queue-memory-bench.sh --people=1000000
#   bench/queue-memory-bench.sh --help
#
# Builds dangol-app and dangol-bench (skip with BENCH_NO_BUILD=1), then runs dev.dangol.bench.QueueMemoryBench on a
# plain JVM. Extra JVM flags: BENCH_JVM_OPTS (default -Xms2g -Xmx2g -XX:+UseG1GC). Needs JDK 25: JAVA_HOME or
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
exec "$JAVA_HOME/bin/java" ${BENCH_JVM_OPTS:--Xms2g -Xmx2g -XX:+UseG1GC} \
  -cp "bench/target/dangol-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
  dev.dangol.bench.QueueMemoryBench "$@"
