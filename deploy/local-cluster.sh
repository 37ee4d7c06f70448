#!/usr/bin/env bash
# A cluster on this machine: a throwaway PostgreSQL, 2 silos and 1 gateway, all on free loopback ports.
#   deploy/local-cluster.sh up [--Section:Key=value …]
#                                    build (Release), start everything, print the gateway URL;
#                                    settings go to every silo and the gateway
#   deploy/local-cluster.sh status   what runs and whether it is ready
#   deploy/local-cluster.sh restart  stop the silos and the gateway and start them again as 'up' did,
#                                    on the same database (a restart of a seeded store)
#   deploy/local-cluster.sh down     stop exactly what 'up' started and remove its state
#   deploy/local-cluster.sh token --unit <unitId> --role <role> [--name <who>] [--days N]
#                                    print a token the cluster's gateway accepts
# State (pids, ports, logs, database) lives in $CHANGDU_CLUSTER_DIR (default /tmp/changdu-local-cluster).
# Each process may take $CHANGDU_READY_SECONDS (default 60) to become ready: seeding a large hierarchy
# file (--Hierarchy:SeedFile=…) takes longer.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
state="${CHANGDU_CLUSTER_DIR:-/tmp/changdu-local-cluster}"
free_port() { bash "$root/deploy/free-port.sh"; }

ready_seconds="${CHANGDU_READY_SECONDS:-60}"

wait_ready() { # name url pid
  for _ in $(seq 1 $((ready_seconds * 5))); do
    if curl -sf "$2/health/ready" > /dev/null; then return 0; fi
    if ! kill -0 "$3" 2> /dev/null; then echo "$1 exited; see $state/$1.log" >&2; tail -20 "$state/$1.log" >&2; return 1; fi
    sleep 0.2
  done
  echo "$1 not ready after $ready_seconds s; see $state/$1.log" >&2
  return 1
}

start() { # name dll args...
  local name="$1"
  shift
  # Kept so that 'restart' starts the process again exactly so (same ports, store and settings).
  printf '%s\0' "$@" > "$state/$name.args"
  ASPNETCORE_ENVIRONMENT=Production nohup dotnet "$@" >> "$state/$name.log" 2>&1 &
  echo "$!" > "$state/$name.pid"
}

start_again() { # name
  local args=()
  mapfile -d '' args < "$state/$1.args"
  start "$1" "${args[@]}"
}

up() {
  local extra=("$@")
  if [ -f "$state/gateway.url" ] && kill -0 "$(cat "$state/gateway.pid")" 2> /dev/null; then
    echo "already up: $(cat "$state/gateway.url")"
    return 0
  fi
  mkdir -p "$state"
  dotnet build "$root/src/Gateway" -c Release --nologo -v quiet > "$state/build.log" || { cat "$state/build.log"; exit 1; }
  dotnet build "$root/src/Silo" -c Release --nologo -v quiet >> "$state/build.log" || { cat "$state/build.log"; exit 1; }

  local connection
  connection="$(bash "$root/deploy/postgres-local.sh" up "$state/postgres" "$(free_port)")"
  # Prepared statements: the provider's few statements are otherwise planned on every call.
  connection="$connection;Max Auto Prepare=20;Auto Prepare Min Usages=2"
  # max_connections is 200 here: 2 silos × 40 + gateway × 10 leaves room for operators.
  local common=(--Storage:Provider=PostgreSql --Orleans:ClusterId=local --Orleans:ServiceId=changdu)
  local silo_dll="$root/src/Silo/bin/Release/net10.0/Changdu.Silo.dll"
  for n in 1 2; do
    local http
    http="$(free_port)"
    start "silo$n" "$silo_dll" --urls "http://127.0.0.1:$http" "${common[@]}" \
      "--Storage:ConnectionString=$connection;Maximum Pool Size=40" \
      --Orleans:SiloPort="$(free_port)" --Orleans:GatewayPort="$(free_port)" "${extra[@]}"
    echo "http://127.0.0.1:$http" > "$state/silo$n.url"
  done
  for n in 1 2; do wait_ready "silo$n" "$(cat "$state/silo$n.url")" "$(cat "$state/silo$n.pid")"; done

  # The gateways of a cluster share one signing key (Auth:SigningKey); here it lives in the state directory.
  head -c 32 /dev/urandom | base64 > "$state/signing.key"
  chmod 600 "$state/signing.key"
  local gateway_port
  gateway_port="$(free_port)"
  # --webroot: the dashboard's files are found wherever this script is run from.
  start gateway "$root/src/Gateway/bin/Release/net10.0/Changdu.Gateway.dll" --urls "http://127.0.0.1:$gateway_port" \
    "${common[@]}" --Cluster:Mode=Client "--Storage:ConnectionString=$connection;Maximum Pool Size=10" \
    "--Auth:SigningKey=$(cat "$state/signing.key")" --webroot="$root/src/Gateway/bin/Release/net10.0/wwwroot" "${extra[@]}"
  echo "http://127.0.0.1:$gateway_port" > "$state/gateway.url"
  wait_ready gateway "$(cat "$state/gateway.url")" "$(cat "$state/gateway.pid")"
  cat "$state/gateway.url"
}

status() {
  if [ ! -d "$state" ]; then
    echo "down"
    return 0
  fi
  for name in silo1 silo2 gateway; do
    [ -f "$state/$name.pid" ] || continue
    local pid url health
    pid="$(cat "$state/$name.pid")"
    url="$(cat "$state/$name.url" 2> /dev/null || true)"
    if kill -0 "$pid" 2> /dev/null; then
      health="$(curl -s --max-time 2 "$url/health/ready" || echo unreachable)"
      echo "$name pid $pid $url $health"
    else
      echo "$name pid $pid stopped"
    fi
  done
}

stop_services() {
  for name in gateway silo2 silo1; do
    if [ -f "$state/$name.pid" ]; then
      local pid
      pid="$(cat "$state/$name.pid")"
      if kill -0 "$pid" 2> /dev/null; then
        kill -TERM "$pid"
        for _ in $(seq 1 100); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2> /dev/null || true
      fi
    fi
  done
}

restart() {
  [ -f "$state/gateway.args" ] || { echo "the local cluster is not up" >&2; exit 1; }
  stop_services
  start_again silo1
  start_again silo2
  for n in 1 2; do wait_ready "silo$n" "$(cat "$state/silo$n.url")" "$(cat "$state/silo$n.pid")"; done
  start_again gateway
  wait_ready gateway "$(cat "$state/gateway.url")" "$(cat "$state/gateway.pid")"
  cat "$state/gateway.url"
}

down() {
  [ -d "$state" ] || return 0
  stop_services
  bash "$root/deploy/postgres-local.sh" down "$state/postgres"
  rm -rf "$state"
}

token() {
  [ -f "$state/signing.key" ] || { echo "the local cluster is not up" >&2; exit 1; }
  dotnet "$root/src/Gateway/bin/Release/net10.0/Changdu.Gateway.dll" token "$@" \
    "--Auth:SigningKey=$(cat "$state/signing.key")"
}

case "${1:-}" in
  up) shift; up "$@" ;;
  restart) restart ;;
  token) shift; token "$@" ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|restart|down|status|token --unit <unitId> --role <role>" >&2; exit 2 ;;
esac
