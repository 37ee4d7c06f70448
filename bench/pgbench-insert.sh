#!/usr/bin/env bash
# PostgreSQL's durable single-row insert rate, the yardstick for the history scenario's reports/s: a
# throwaway server on a free loopback port (deploy/postgres-local.sh: default settings, so fsync and
# synchronous commit are on), then pgbench with 32 clients each committing one-row INSERTs of a
# report-sized row for 15 s. Prints only the rows/s on stdout (pgbench's own report goes to stderr)
# and stops the server.
#   bash bench/pgbench-insert.sh
set -euo pipefail
cd "$(dirname "$0")/.."

dir="$(mktemp -d /tmp/changdu-pgbench-XXXXXX)"
trap 'bash deploy/postgres-local.sh down "$dir" >&2 || true; rm -rf "$dir"' EXIT
port="$(bash deploy/free-port.sh)"
bash deploy/postgres-local.sh up "$dir" "$port" > /dev/null
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"

psql() { "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d changdu -qX -v ON_ERROR_STOP=1 "$@"; }
psql -c "CREATE TABLE report (id bigserial PRIMARY KEY, unit_id text NOT NULL, period text NOT NULL, figures jsonb NOT NULL)"
cat > "$dir/insert.sql" <<'SQL'
INSERT INTO report (unit_id, period, figures) VALUES ('540302101201', '2016-W23', '{"meetingsHeld": 1, "problemsIdentified": 5, "problemsResolved": 3}');
SQL
"$bin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -c 32 -j 2 -T 15 -f "$dir/insert.sql" changdu > "$dir/pgbench.log" 2>&1 \
  || { cat "$dir/pgbench.log" >&2; exit 1; }
cat "$dir/pgbench.log" >&2
awk '/^tps = / {printf "%.0f\n", $3}' "$dir/pgbench.log"
