#!/usr/bin/env bash
# Three RakorLive nodes on this machine (loopback) against the local PostgreSQL: a cluster to try
# and to test fail-over on. Usage: deploy/local-cluster.sh up|down|status
#   Node N (1..3): HTTP http://127.0.0.1:508N, silo port 1111N, gateway port 3000N, data .cluster/nodeN
#   RAKORLIVE_PG overrides the connection string; RAKORLIVE_NODES the node count (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
state="$root/.cluster"
nodes=${RAKORLIVE_NODES:-3}
pg=${RAKORLIVE_PG:-"Host=127.0.0.1;Port=5432;Username=rakorlive;Password=rakorlive;Database=rakorlive;SSL Mode=Disable"}
dll="$root/src/RakorLive.Server/bin/Release/net10.0/RakorLive.Server.dll"

node_pid() { cat "$state/node$1/pid" 2>/dev/null || true; }
alive() { local pid; pid=$(node_pid "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

up() {
  bash scripts/start-postgres.sh >/dev/null
  dotnet build src/RakorLive.Server -c Release -nologo -v q >/dev/null
  for n in $(seq 1 "$nodes"); do
    if alive "$n"; then echo "node$n already running (pid $(node_pid "$n"))"; continue; fi
    mkdir -p "$state/node$n"
    # Only the server goes to the background (its pid is what `down` stops), detached from our stdin/stdout.
    cd "$state/node$n"
    nohup dotnet "$dll" \
      --urls "http://127.0.0.1:508$n" \
      --Storage:Provider=PostgreSQL "--ConnectionStrings:RakorLive=$pg" \
      "--Storage:DataDirectory=$state/node$n/data" \
      --Orleans:SiloPort="1111$n" --Orleans:GatewayPort="3000$n" --Orleans:AdvertisedIPAddress=127.0.0.1 \
      "$@" > "$state/node$n/log.txt" 2>&1 < /dev/null &
    echo $! > "$state/node$n/pid"
    cd "$root"
  done
  for n in $(seq 1 "$nodes"); do
    for _ in $(seq 1 120); do
      if curl -fs "http://127.0.0.1:508$n/health/ready" >/dev/null; then break; fi
      if ! alive "$n"; then echo "node$n exited; see $state/node$n/log.txt" >&2; tail -20 "$state/node$n/log.txt" >&2; exit 1; fi
      sleep 0.5
    done
  done
  status
}

down() {
  for n in $(seq 1 "$nodes"); do
    if alive "$n"; then kill "$(node_pid "$n")"; echo "node$n stopping"; fi
  done
  for n in $(seq 1 "$nodes"); do
    while alive "$n"; do sleep 0.2; done
    rm -f "$state/node$n/pid"
  done
  echo "cluster down"
}

status() {
  for n in $(seq 1 "$nodes"); do
    if alive "$n"; then
      ready=$(curl -s -o /dev/null -w "%{http_code}" "http://127.0.0.1:508$n/health/ready" || true)
      echo "node$n pid $(node_pid "$n") http://127.0.0.1:508$n ready=$ready"
    else
      echo "node$n stopped"
    fi
  done
}

cmd=${1:-status}; shift || true
# Allow "up -- --Key=value": the separator is ours, not the server's.
if [ "${1:-}" = "--" ]; then shift; fi
case "$cmd" in
  up) up "$@" ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status [-- extra server options for up]" >&2; exit 2 ;;
esac
