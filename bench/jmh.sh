#!/usr/bin/env bash
# JMH micro-benchmarks of the hot paths: ticket signing and verification, a status poll's work, a ledger purchase
# chain, a QR scan, nearest search.
#
#   bench/jmh.sh                      # every benchmark, JMH's settings from the annotations
#   bench/jmh.sh StatusBenchmark -f 1 # one benchmark (a regular expression), any JMH option after it
#
# Builds the bench module (skip with BENCH_NO_BUILD=1) and runs org.openjdk.jmh.Main on a plain JVM. Results print as
# JMH's table; docs/benchmarks.md records them with the machine and its load.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [[ "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)" != *'"25'* ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [[ "${BENCH_NO_BUILD:-0}" != 1 ]]; then
  ./mvnw -q -pl bench -am package -DskipTests -Dspotless.check.skip=true
fi
exec "$JAVA_HOME/bin/java" -Xmx2g -cp "bench/target/dangol-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
  org.openjdk.jmh.Main "$@"
