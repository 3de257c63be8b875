#!/usr/bin/env bash
# The reference for the purchase-chain benchmark: how many single-row updates a second PostgreSQL on this machine
# commits when every client updates the same row (the hot-row ceiling of one budget row), beside pgbench's plain
# TPC-B-like run and its select-only run for context. Uses a throwaway database, dropped and recreated each run.
#
#   bench/pgbench-hot-row.sh            # 32 clients, 30 s per test
#   CLIENTS=64 SECONDS_PER_TEST=20 bench/pgbench-hot-row.sh
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), DB (dangol_pgbench), CLIENTS (32), THREADS (2),
# SECONDS_PER_TEST (30), SCALE (1), PGBENCH (pgbench). CLIENTS must stay under the server's max_connections (100 here).
set -euo pipefail
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DB="${DB:-dangol_pgbench}"
CLIENTS="${CLIENTS:-32}"
THREADS="${THREADS:-2}"
SECONDS_PER_TEST="${SECONDS_PER_TEST:-30}"
SCALE="${SCALE:-1}"
PGBENCH="${PGBENCH:-pgbench}"

script="$(mktemp --suffix=.sql)"
trap 'rm -f "$script"; psql -d postgres -qc "drop database if exists $DB with (force)" >/dev/null 2>&1 || true' EXIT
echo 'UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = 1;' > "$script"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -h | awk '/Mem:/ {print $2}') RAM"
echo "server:  $(psql -d postgres -Atc 'select version()')"
echo "settings: $(psql -d postgres -Atc "select string_agg(name || '=' || setting, ' ' order by name) from pg_settings
  where name in ('fsync','synchronous_commit','shared_buffers','wal_sync_method','commit_delay','autovacuum')")"
echo "load average before: $(cat /proc/loadavg)"

psql -d postgres -qc "drop database if exists $DB with (force)" -c "create database $DB"
"$PGBENCH" -i -s "$SCALE" -q "$DB" 2>&1 | tail -1
psql -d "$DB" -qc 'vacuum analyze'

run() {
  local name="$1"; shift
  echo
  echo "== $name: $PGBENCH $* -c $CLIENTS -j $THREADS -T $SECONDS_PER_TEST -n $DB"
  "$PGBENCH" "$@" -c "$CLIENTS" -j "$THREADS" -T "$SECONDS_PER_TEST" -n "$DB" 2>&1 \
    | grep -E '^(latency average|tps|number of transactions actually processed)|error' || true
}

run "single hot row update (custom script)" -f "$script"
run "TPC-B-like default" 
run "select-only (-S)" -S

