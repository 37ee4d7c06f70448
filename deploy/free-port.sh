#!/usr/bin/env bash
# Prints a loopback TCP port nobody listens on (needs nothing but bash).
for _ in $(seq 1 100); do
  port=$((20000 + RANDOM % 40000))
  if ! (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
    echo "$port"
    exit 0
  fi
done
echo "no free port found" >&2
exit 1
