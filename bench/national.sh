#!/usr/bin/env bash
# The national benchmark (issue 15, item 4), in one run:
#   bash bench/national.sh [--mode embedded|cluster] [--with-communities] [--province CODE | --file FILE]
#                          [--seconds 60] [--concurrency 64] [--idle-seconds 60] [--settle-seconds 480]
# 1. writes the hierarchy with deploy/hierarchy/divisions.py (--country by default; --province 54 for
#    Tibet; --file takes one already written);
# 2. starts the service on a fresh store with --Hierarchy:SeedFile=<that file> (embedded: the gateway with
#    its SQLite store; cluster: deploy/local-cluster.sh, 2 silos and a gateway on PostgreSQL) and records
#    the seeding time (the first process's start to the gateway's /health/ready), every process's RSS, its
#    CPU over --idle-seconds with no traffic (from --settle-seconds after ready: start-up goes on working
#    after it, the JIT compiling what periodic work calls one method at a time for minutes: 2.3 % of a
#    core 30-90 s after ready, 1.2-1.9 % from 120 s, 0.9-1.0 % from 420 s on, bench/RESULTS.md), then stops
#    it and records the restart on the same store and the idle CPU again;
# 3. a morning burst of weekly reports for --seconds to village teams drawn at random across the file
#    (bench/Changdu.Bench --scenario national-burst): reports/s, ack p50/p99, RSS peak, the units the reports
#    reached by tier (on the restarted store, each one an activation the burst paid for), whether the root
#    counts exactly the acknowledged reports, and how long after the last acknowledgement;
# 4. the dashboard opening the root and the largest township (--scenario dashboard);
# 5. the same with Changdu's committed deploy/hierarchy/changdu.json on a fresh store (without the idle
#    measurement), and the ratio of the two bursts' reports/s.
# Each figure is printed on its own line as it is measured, then all of them as a table for bench/RESULTS.md.
# The rate limit is lifted: one principal, the root's office, sends everything.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=embedded
scope=(--country)
# The leg's name in every figure: national, province-54, or the file's name.
large=national
communities=()
file=""
seconds=60
concurrency=64
idle_seconds=60
settle_seconds=480
while [ $# -gt 0 ]; do
  case "$1" in
    --mode) mode="$2"; shift 2 ;;
    --with-communities) communities=(--with-communities); shift ;;
    --province) scope=(--province "$2"); large="province-$2"; shift 2 ;;
    --file) file="$(realpath "$2")"; large="$(basename "$2" .json)"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --idle-seconds) idle_seconds="$2"; shift 2 ;;
    --settle-seconds) settle_seconds="$2"; shift 2 ;;
    *) echo "unknown option $1; see the header of $0" >&2; exit 2 ;;
  esac
done
case "$mode" in embedded | cluster) ;; *) echo "--mode is embedded or cluster" >&2; exit 2 ;; esac

# Under /tmp and open to others: as root, the cluster's PostgreSQL runs as the 'postgres' user inside it.
work="$(mktemp -d /tmp/changdu-national-XXXXXX)"
chmod 755 "$work"
gateway_dll=src/Gateway/bin/Release/net10.0/Changdu.Gateway.dll
# The dashboard's files: the gateway runs from the repository's root, not from its build directory.
web_root="$(realpath src/Gateway/bin/Release/net10.0)/wwwroot"
bench_dll=bench/Changdu.Bench/bin/Release/net10.0/Changdu.Bench.dll
clock_ticks="$(getconf CLK_TCK)"
# A national store seeds for minutes: readiness is waited for this long before the run gives up.
ready_seconds=3600
results="$work/results"
gateway=""
data=""
export CHANGDU_READY_SECONDS="$ready_seconds"

cleanup() {
  if [ -n "$gateway" ]; then kill "$gateway" 2> /dev/null || true; wait "$gateway" 2> /dev/null || true; fi
  for cluster in "$work"/cluster-*; do
    [ -d "$cluster" ] && CHANGDU_CLUSTER_DIR="$cluster" bash deploy/local-cluster.sh down > /dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# A figure: printed now, and kept for the table at the end.
figure() { # leg measure value
  printf '%-12s %-36s %s\n' "$1" "$2" "$3"
  printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$results"
}

if [ -z "$file" ]; then
  file="$work/hierarchy.json"
  python3 deploy/hierarchy/divisions.py "${scope[@]}" "${communities[@]}" --output "$file"
fi
changdu="$(realpath deploy/hierarchy/changdu.json)"

dotnet build Changdu.Orleans.sln -c Release --nologo -v quiet > "$work/build.log" || { cat "$work/build.log"; exit 1; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), .NET $(dotnet --version), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "mode: $mode; burst $seconds s at concurrency $concurrency"

# Seconds since the process started, from its start time in /proc (clock ticks after boot).
age_of() { awk -v ticks="$clock_ticks" -v up="$(cut -d' ' -f1 /proc/uptime)" '{ printf "%.1f", up - $22 / ticks }' "/proc/$1/stat"; }
# CPU ticks of a process and of its children, living (listed in /proc) and ended (cutime, cstime).
cpu_ticks() {
  local total=0 pid
  for pid in "$1" $(pgrep -P "$1" || true); do
    total=$((total + $(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pid/stat" 2> /dev/null || echo 0)))
  done
  echo "$total"
}
rss_mib() { awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }

wait_ready() { # url pid
  for _ in $(seq 1 $((ready_seconds * 5))); do
    if curl -sf "$1/health/ready" > /dev/null; then return 0; fi
    # The cause of an early exit is among the first errors logged; what follows is the shutdown's noise.
    kill -0 "$2" 2> /dev/null || { echo "the gateway exited; its first errors:" >&2; grep -m 5 -E '"LogLevel":"(Critical|Error)"' "$data/gateway.log" >&2; return 1; }
    sleep 0.2
  done
  echo "not ready after $ready_seconds s" >&2
  return 1
}

# The service, by mode: start <leg> <file> on a fresh store, restart on the same store, remove it and its
# store, token <unit>. Starting sets url, pids (name=pid,…: the processes to measure) and first_pid.
embedded_launch() {
  ASPNETCORE_ENVIRONMENT=Production dotnet "$gateway_dll" "${embedded_args[@]}" >> "$data/gateway.log" 2>&1 &
  gateway=$!
  wait_ready "$url" "$gateway"
  pids="gateway=$gateway"
  first_pid="$gateway"
}
embedded_start() {
  data="$work/store-$1"
  mkdir -p "$data"
  url="http://127.0.0.1:$(bash deploy/free-port.sh)"
  embedded_args=(--urls "$url" --Storage:DataDirectory="$data" --Orleans:SiloPort="$(bash deploy/free-port.sh)"
    --Orleans:GatewayPort="$(bash deploy/free-port.sh)" --Orleans:ClusterId="national-$$-$1" --Logging:LogLevel:Default=Warning
    --RateLimit:PermitsPerSecond=1000000 --RateLimit:Burst=1000000 --Hierarchy:SeedFile="$2" --webroot="$web_root")
  embedded_launch
}
embedded_stop() { kill -TERM "$gateway"; wait "$gateway" 2> /dev/null || true; gateway=""; }
embedded_restart() { embedded_stop; embedded_launch; }
embedded_remove() { embedded_stop; rm -rf "$data"; }
embedded_token() { dotnet "$gateway_dll" token --unit "$1" --role office --name bench --days 1 --Storage:DataDirectory="$data"; }

cluster_read() {
  url="$(cat "$CHANGDU_CLUSTER_DIR/gateway.url")"
  pids="silo1=$(cat "$CHANGDU_CLUSTER_DIR/silo1.pid"),silo2=$(cat "$CHANGDU_CLUSTER_DIR/silo2.pid"),gateway=$(cat "$CHANGDU_CLUSTER_DIR/gateway.pid")"
  first_pid="$(cat "$CHANGDU_CLUSTER_DIR/silo1.pid")"
}
cluster_start() {
  export CHANGDU_CLUSTER_DIR="$work/cluster-$1"
  bash deploy/local-cluster.sh up --Hierarchy:SeedFile="$2" --Logging:LogLevel:Default=Warning \
    --RateLimit:PermitsPerSecond=1000000 --RateLimit:Burst=1000000 > /dev/null
  cluster_read
}
cluster_restart() { bash deploy/local-cluster.sh restart > /dev/null; cluster_read; }
cluster_remove() { bash deploy/local-cluster.sh down; }
cluster_token() { bash deploy/local-cluster.sh token --unit "$1" --role office --name bench --days 1; }
postgres_pid() { head -1 "$CHANGDU_CLUSTER_DIR/postgres/data/postmaster.pid"; }

# CPU each process (and PostgreSQL's, in a cluster) uses over --idle-seconds while nothing is sent.
idle_cpu() { # leg when
  local watched entry before=() index=0
  read -ra watched <<< "${pids//,/ }"
  if [ "$mode" = cluster ]; then watched+=("postgresql=$(postgres_pid)"); fi
  sleep "$settle_seconds"
  for entry in "${watched[@]}"; do before+=("$(cpu_ticks "${entry#*=}")"); done
  sleep "$idle_seconds"
  for entry in "${watched[@]}"; do
    figure "$1" "idle CPU $2, ${entry%%=*}" "$(awk -v used="$(($(cpu_ticks "${entry#*=}") - before[index]))" -v ticks="$clock_ticks" \
      -v seconds="$idle_seconds" -v settle="$settle_seconds" \
      'BEGIN { printf "%.2f %% of a core over %d s with no traffic, from %d s after ready", 100 * used / ticks / seconds, seconds, settle }')"
    index=$((index + 1))
  done
}

leg() { # name file measure-idle
  local name="$1" hierarchy="$2" measure_idle="$3"
  local root units teams
  read -r root units teams < <(python3 -c '
import json, sys
document = json.load(open(sys.argv[1]))
units = document["units"]
leaf = document["tiers"][-1]["name"]
print(next(u["unitId"] for u in units if u["parentId"] is None), len(units), sum(u["tier"] == leaf for u in units))' "$hierarchy")
  figure "$name" "hierarchy" "$units units, $teams village teams, root $root ($(basename "$hierarchy"))"

  "${mode}_start" "$name" "$hierarchy"
  figure "$name" "seeded, start to ready" "$(age_of "$first_pid") s (fresh store)"
  local entry
  for entry in ${pids//,/ }; do
    figure "$name" "RSS after seeding, ${entry%%=*}" "$(rss_mib "${entry#*=}") MiB"
  done

  if [ "$measure_idle" = yes ]; then idle_cpu "$name" "after seeding"; fi
  "${mode}_restart"
  figure "$name" "restarted, start to ready" "$(age_of "$first_pid") s (same store)"
  # After a restart nothing is active but what start-up woke: the steady state of a seeded tree.
  if [ "$measure_idle" = yes ]; then idle_cpu "$name" "after restart"; fi

  # A burst or a page that fails is reported with its figures, and the run goes on to the other leg.
  local token
  token="$("${mode}_token" "$root")"
  dotnet "$bench_dll" --url "$url" --token "$token" --scenario national-burst --seed-file "$hierarchy" \
    --seconds "$seconds" --concurrency "$concurrency" --pids "$pids" > "$work/burst-$name.txt" || failed=1
  while IFS= read -r line; do figure "$name" "${line:0:18}" "${line:19}"; done < "$work/burst-$name.txt"
  dotnet "$bench_dll" --url "$url" --token "$token" --scenario dashboard --seed-file "$hierarchy" > "$work/dashboard-$name.txt" || failed=1
  while IFS= read -r line; do figure "$name" "${line%%:*}" "${line#*: }"; done < "$work/dashboard-$name.txt"

  "${mode}_remove" > /dev/null
}

failed=0
leg "$large" "$file" yes
leg changdu "$changdu" no

rate_of() { awk -F'\t' -v leg="$1" '$1 == leg && $2 ~ /^burst reports\/s/ { print $3 + 0 }' "$results"; }
large_rate="$(rate_of "$large")"
changdu_rate="$(rate_of changdu)"
figure both "burst ratio $large/changdu" "$(awk -v n="$large_rate" -v c="$changdu_rate" 'BEGIN { printf "%.2f (%d/s against %d/s; target ≥ 0.5)", (c > 0 ? n / c : 0), n, c }')"

echo
echo "| leg | measure | value |"
echo "| --- | --- | --- |"
awk -F'\t' '{ gsub(/ +$/, "", $2); printf "| %s | %s | %s |\n", $1, $2, $3 }' "$results"
exit "$failed"
