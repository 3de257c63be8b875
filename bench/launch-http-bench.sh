#!/usr/bin/env bash
# Joins and status polls per second on one Dangol node over HTTP, beside its trivial ping endpoint.
#
#   bench/launch-http-bench.sh --people=5000 --callers=64 --seconds=20
#
# Builds the server and the bench (skip with BENCH_NO_BUILD=1), starts the server on the embedded default (H2 file
# and the in-memory waiting room, in a fresh temporary directory) on 127.0.0.1, runs dev.dangol.bench.LaunchHttpBench
# against it from this machine, and stops the server it started. Server heap: SERVER_JVM_OPTS (default -Xmx1g).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [[ "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)" != *'"25'* ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [[ "${BENCH_NO_BUILD:-0}" != 1 ]]; then
  ./mvnw -q -pl bench -am package -DskipTests -Dspotless.check.skip=true
fi
work=$(mktemp -d)
port=${BENCH_PORT:-18080}
"$JAVA_HOME/bin/java" ${SERVER_JVM_OPTS:--Xmx1g} -jar app/target/dangol-app-0.1.0-SNAPSHOT-exec.jar \
  --server.address=127.0.0.1 --server.port="$port" \
  --spring.datasource.url="jdbc:h2:file:$work/dangol;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000" \
  --dangol.queue.directory="$work/queue" --logging.level.root=WARN > "$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/api/v1/ping" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 1
done
"$JAVA_HOME/bin/java" -Xmx1g -cp "bench/target/dangol-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
  dev.dangol.bench.LaunchHttpBench --url="http://127.0.0.1:$port" "$@"
echo "server: $(ps -o rss=,time= -p "$server" | awk '{printf "RSS %.0f MiB, CPU time %s", $1/1024, $2}')"
