#!/usr/bin/env bash
# Redis memory per waiting person in the waiting room's Redis store (1,000,000 joins by default).
#
#   bench/redis-queue-memory.sh --people=1000000
#   bench/redis-queue-memory.sh --help
#
# Builds dangol-app and dangol-bench (skip with BENCH_NO_BUILD=1), then runs
# dev.dangol.queue.internal.RedisQueueMemoryBench on a plain JVM against Redis at 127.0.0.1:6379 (--url=...).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [[ "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)" != *'"25'* ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [[ "${BENCH_NO_BUILD:-0}" != 1 ]]; then
  ./mvnw -q -pl bench -am package -DskipTests -Dspotless.check.skip=true
fi
exec "$JAVA_HOME/bin/java" ${BENCH_JVM_OPTS:--Xms1g -Xmx1g} \
  -cp "bench/target/dangol-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
  dev.dangol.queue.internal.RedisQueueMemoryBench "$@"
