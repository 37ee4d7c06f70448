#!/usr/bin/env bash
# Benchmark: starts the gateway (Release, embedded SQLite store in a fresh temporary directory) on
# free loopback ports, mints a city-office token, runs the load generator against it with the rate
# limit lifted (one principal sends everything), prints the gateway's memory, stops it.
#   bash bench/run.sh [--reports N] [--concurrency C]
#   bash bench/run.sh --scenario check-ins [--cadres-per-team N] [--mornings M]   the morning check-in burst
#   bash bench/run.sh --scenario history [--years Y] [--concurrency C] [--seconds S]   a report's cost before
#                   and after Y years of history, against PostgreSQL's one-row insert rate (bench/pgbench-insert.sh)
#   bash bench/run.sh replay        the reference Dec 2015 – Oct 2016 replay instead of the load
# The national benchmark (issue 15), seeding and bursts at country size: bash bench/national.sh (its header).
set -euo pipefail
program=bench/Changdu.Bench/bin/Release/net10.0/Changdu.Bench.dll
if [ "${1:-}" = replay ]; then
  program=bench/Changdu.Replay/bin/Release/net10.0/Changdu.Replay.dll
  shift
fi
cd "$(dirname "$0")/.."

free_port() { bash deploy/free-port.sh; }
data="$(mktemp -d /tmp/changdu-bench-XXXXXX)"
port="$(free_port)"

dotnet build Changdu.Orleans.sln -c Release --nologo -v quiet
# Measured before the gateway starts, so PostgreSQL and the gateway never share the cores.
pgbench_rate=()
if [[ " $* " == *" --scenario history "* ]]; then
  pgbench_rate=(--pgbench-rate "$(bash bench/pgbench-insert.sh)")
fi
ASPNETCORE_ENVIRONMENT=Production dotnet src/Gateway/bin/Release/net10.0/Changdu.Gateway.dll ${BENCH_GATEWAY_ARGS:-} \
  --urls "http://127.0.0.1:$port" --Storage:DataDirectory="$data" \
  --Orleans:SiloPort="$(free_port)" --Orleans:GatewayPort="$(free_port)" --Orleans:ClusterId="bench-$$" \
  --Logging:LogLevel:Default=Warning --RateLimit:PermitsPerSecond=1000000 --RateLimit:Burst=1000000 \
  > "$data/gateway.log" 2>&1 &
gateway=$!
trap 'kill "$gateway" 2>/dev/null || true; wait "$gateway" 2>/dev/null || true; rm -rf "$data"' EXIT

until curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null; do
  kill -0 "$gateway" 2>/dev/null || { cat "$data/gateway.log"; exit 1; }
  sleep 0.2
done

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), .NET $(dotnet --version), load average $(cut -d' ' -f1-3 /proc/loadavg)"
token="$(dotnet src/Gateway/bin/Release/net10.0/Changdu.Gateway.dll token --unit 540300000000 --role office --name bench --days 1 --Storage:DataDirectory="$data")"
dotnet "$program" --url "http://127.0.0.1:$port" --token "$token" --pid "$gateway" "${pgbench_rate[@]}" "$@"
echo "gateway memory     $(awk '/VmRSS|VmHWM/ {printf "%s %d MiB  ", $1, $2/1024}' "/proc/$gateway/status")"
echo "store size         $(du -sh "$data" | cut -f1)"
