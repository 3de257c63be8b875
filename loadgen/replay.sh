#!/usr/bin/env bash
# Replays a launch day against Dangol nodes this script starts, then stops them (docs/load-replay.md).
#
#   loadgen/replay.sh seoul-2022                      # one node, embedded default (H2 file, in-memory queue)
#   loadgen/replay.sh seoul-2022 --postgres --nodes=2 # two nodes on a scratch PostgreSQL database and Redis
#   loadgen/replay.sh ci-smoke --out=target/smoke -- --scale=1 --sticky   # after --: LaunchReplay's own options
#
# It builds the server, the sandbox gateway and the generator (skip with REPLAY_NO_BUILD=1), starts the sandbox
# gateway as its own process, starts the nodes with the scenario's server.* settings, runs
# dev.dangol.loadgen.LaunchReplay against them, and on exit stops every process it started (by pid), drops the
# scratch database and deletes its own Redis keys. Exit code: LaunchReplay's (0 = every check passed).
# Server heap: SERVER_JVM_OPTS (default -Xmx768m). First port: REPLAY_PORT (default 18180).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [[ "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)" != *'"25'* ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="$JAVA_HOME/bin/java"

scenario="${1:?usage: loadgen/replay.sh <scenario name or file> [--postgres] [--nodes=N] [--out=DIR] [-- LaunchReplay options]}"
shift
postgres=0
nodes=1
out=""
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --postgres) postgres=1; [[ $nodes == 1 ]] && nodes=2 ;;
    --nodes=*) nodes="${1#--nodes=}" ;;
    --out=*) out="${1#--out=}" ;;
    --) shift; extra=("$@"); break ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
file="$scenario"
[[ -f "$file" ]] || file="loadgen/scenarios/$scenario.properties"
[[ -f "$file" ]] || { echo "no scenario $scenario (a file, or a name in loadgen/scenarios)" >&2; exit 2; }
name=$(sed -n 's/^name=//p' "$file")
stamp=$(date -u +%Y%m%d-%H%M%S)
out="${out:-target/replay/$name-$stamp}"
if (( postgres == 0 && nodes != 1 )); then
  echo "several nodes share a queue only through Redis: add --postgres" >&2; exit 2
fi

if [[ "${REPLAY_NO_BUILD:-0}" != 1 ]]; then
  ./mvnw -q -pl loadgen -am package -DskipTests -Dspotless.check.skip=true
fi

work=$(mktemp -d)
pids=()
db=""
prefix=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n "$db" ]]; then psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db" >/dev/null 2>&1 || true; fi
  if [[ -n "$prefix" ]]; then
    redis-cli -h 127.0.0.1 --scan --pattern "${prefix}*" | xargs -r -n 500 redis-cli -h 127.0.0.1 del >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The sandbox gateway, its own process, on any free port.
: > "$work/sandbox.log"
"$JAVA" -Xmx256m -cp 'sandbox-gateway/target/dangol-sandbox-gateway-0.1.0-SNAPSHOT.jar:sandbox-gateway/target/lib/*' \
  dev.dangol.sandbox.SandboxServer --port 0 --seed "$(sed -n 's/^seed=//p' "$file")" > "$work/sandbox.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do
  gateway=$(sed -n 's/^Sandbox gateway listening on \(http[^ ]*\).*/\1/p' "$work/sandbox.log" || true)
  [[ -n "$gateway" ]] && break
  sleep 0.5
done
[[ -n "${gateway:-}" ]] || { cat "$work/sandbox.log"; exit 1; }

# What the scenario needs of the server (its server.* lines), as command-line properties.
server_args=(--logging.level.root=WARN --dangol.demo.enabled=false --dangol.identity.operators=01010000009
  --dangol.gateway.mode=http "--dangol.gateway.url=$gateway" --dangol.gateway.webhook-secret=sandbox-webhook-secret)
while IFS= read -r line; do server_args+=("--${line#server.}"); done < <(grep '^server\.' "$file" | sed 's/[[:space:]]*$//')

if (( postgres )); then
  db="dangol_replay_${stamp//-/_}"
  prefix="dangol:replay:$stamp:"
  psql -h 127.0.0.1 -U postgres -qc "create database $db" >/dev/null
  jdbc="jdbc:postgresql://127.0.0.1:5432/$db?reWriteBatchedInserts=true"
  jdbc_user=postgres
  server_args+=(--spring.profiles.active=postgres "--spring.datasource.url=$jdbc" --dangol.queue.store=redis
    "--dangol.queue.redis.prefix=$prefix" "--dangol.queue.ticket-keys=k1:$(head -c 32 /dev/urandom | base64 | tr -d '/+=')")
else
  jdbc="jdbc:h2:file:$work/dangol;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;AUTO_SERVER=TRUE"
  jdbc_user=sa
  server_args+=("--spring.datasource.url=$jdbc")
fi

port=${REPLAY_PORT:-18180}
urls=()
server_pids=()
for n in $(seq 1 "$nodes"); do
  p=$((port + n - 1))
  "$JAVA" ${SERVER_JVM_OPTS:--Xmx768m} -jar app/target/dangol-app-0.1.0-SNAPSHOT-exec.jar \
    --server.address=127.0.0.1 --server.port="$p" "--dangol.queue.directory=$work/queue-$n" \
    "--dangol.gateway.webhook-url=http://127.0.0.1:$p/api/v1/gateway/webhooks" "${server_args[@]}" \
    > "$work/node-$n.log" 2>&1 &
  pids+=($!)
  server_pids+=($!)
  urls+=("http://127.0.0.1:$p")
  # One node at a time: on PostgreSQL the first runs the migrations.
  for _ in $(seq 1 180); do
    curl -fs "http://127.0.0.1:$p/api/v1/ping" >/dev/null 2>&1 && break
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/node-$n.log"; exit 1; }
    sleep 1
  done
done

mkdir -p "$out"
status=0
"$JAVA" -Xmx1g -cp 'loadgen/target/dangol-loadgen-0.1.0-SNAPSHOT.jar:loadgen/target/lib/*' \
  dev.dangol.loadgen.LaunchReplay "--scenario=$file" "--url=$(IFS=,; echo "${urls[*]}")" "--gateway=$gateway" \
  "--jdbc=$jdbc" "--jdbc-user=$jdbc_user" "--out=$out" "--server-pids=$(IFS=,; echo "${server_pids[*]}")" \
  ${extra[@]+"${extra[@]}"} || status=$?
for n in $(seq 1 "$nodes"); do cp "$work/node-$n.log" "$out/" 2>/dev/null || true; done
cp "$work/sandbox.log" "$out/" 2>/dev/null || true
echo "report: $out/report.html (exit $status)"
exit "$status"
