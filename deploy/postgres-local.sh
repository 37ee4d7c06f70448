#!/usr/bin/env bash
# A throwaway PostgreSQL server on a loopback port, for tests and the local cluster.
#   deploy/postgres-local.sh up DIR PORT   installs PostgreSQL from apt if missing, creates DIR,
#                                          starts the server, prints a connection string
#   deploy/postgres-local.sh down DIR      stops the server started in DIR
#   deploy/postgres-local.sh install       only installs PostgreSQL from apt if missing
# initdb and postgres refuse to run as root, so as root they run as the 'postgres' user; DIR must
# be reachable by that user (under /tmp, not /root).
set -euo pipefail

ensure_installed() {
  if ! ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1; then
    echo "installing PostgreSQL from apt" >&2
    apt-get update -qq > /dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql > /dev/null
  fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then (cd "$dir" && runuser -u postgres -- "$@"); else (cd "$dir" && "$@"); fi
}

command="${1:?usage: up DIR PORT | down DIR | install}"
if [ "$command" = install ]; then
  ensure_installed
  exit 0
fi
dir="$(realpath -m "${2:?usage: up DIR PORT | down DIR}")"

case "$command" in
  up)
    port="${3:?usage: up DIR PORT}"
    ensure_installed
    bin="$(pg_bin)"
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync > "$dir/initdb.log"
    fi
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" start > /dev/null
    as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtAc \
      "SELECT 1 FROM pg_database WHERE datname = 'changdu'" | grep -q 1 \
      || as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE changdu" > /dev/null
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=changdu"
    ;;
  down)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop > /dev/null
    fi
    ;;
  *)
    echo "usage: $0 up DIR PORT | down DIR" >&2
    exit 2
    ;;
esac
