#!/usr/bin/env bash
# Runs every test of the solution; the README's test command and what CI runs.
# Installs whatever the tests need, idempotently; the tests start and stop their own servers
# (PostgreSQL on free loopback ports) and processes.
set -euo pipefail
cd "$(dirname "$0")/.."

bash deploy/postgres-local.sh install
# The browser tests drive Debian's Chromium (never a downloaded browser), with CJK fonts for the Chinese pages.
if ! command -v chromium > /dev/null || ! fc-list 2> /dev/null | grep -qi "Noto Sans CJK"; then
  apt-get update -qq > /dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk > /dev/null
fi

# The operations tests scrape the cluster with Debian's Prometheus and check the alert rules with its promtool.
if ! command -v prometheus > /dev/null || ! command -v promtool > /dev/null; then
  apt-get update -qq > /dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus > /dev/null
fi

# The hierarchy tests run deploy/hierarchy/divisions.py (Python 3 with its sqlite3 module; npm for its data package).
if ! python3 -c "import sqlite3" 2> /dev/null; then
  apt-get update -qq > /dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 > /dev/null
fi

log="$(mktemp)"
rm -f TestResults/*.txt
trap 'rm -f "$log"' EXIT

# Build once: the process tests start the built gateway from src/Gateway/bin/Release.
dotnet build Changdu.Orleans.sln -c Release -warnaserror --nologo -v quiet
set +e
dotnet test Changdu.Orleans.sln -c Release --no-build --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# Figures the tests measured (failover recovery, dashboard load), then one plain closing line.
cat TestResults/*.txt 2> /dev/null || true

awk '/^(Passed|Failed)!/ {
       gsub(",", "")
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) }
     }
     END { printf "%d passed, %d failed\n", p, f }' "$log"
exit "$status"
