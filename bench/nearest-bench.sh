#!/usr/bin/env bash
# Nearest-20 latency among 2,000,000 synthetic merchants: in memory and on PostGIS, p50/p99/p99.9 by case.
#
#   bench/nearest-bench.sh                         # 2,000,000 merchants, memory and PostGIS
#   bench/nearest-bench.sh --postgis=false --queries=50000
#   bench/nearest-bench.sh --count=200000 --pg-queries=500
#
# Builds dangol-app and dangol-bench (skip with BENCH_NO_BUILD=1), then runs dev.dangol.bench.NearestBench on a plain
# JVM (options: see its class comment). PostGIS: creates, loads (COPY) and drops the database dangol_nearest_bench on
# 127.0.0.1:5432 as postgres; needs the postgresql-15-postgis-3 package. Extra JVM flags: BENCH_JVM_OPTS (default
# -Xms6g -Xmx6g). Needs JDK 25: JAVA_HOME or /usr/lib/jvm/temurin-25-jdk-amd64.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [[ "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)" != *'"25'* ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [[ "${BENCH_NO_BUILD:-0}" != 1 ]]; then
  ./mvnw -q -pl bench -am package -DskipTests -Dspotless.check.skip=true
fi
exec "$JAVA_HOME/bin/java" ${BENCH_JVM_OPTS:--Xms6g -Xmx6g} \
  -cp "bench/target/dangol-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
  dev.dangol.bench.NearestBench "$@"
