#!/usr/bin/env bash
# The long fuzz: the suite's FuzzTests with many more requests (default 10,000) against one server.
#   bash scripts/fuzz.sh                          SQLite, 10,000 requests, a new seed
#   RAKORLIVE_FUZZ_REQUESTS=50000 bash scripts/fuzz.sh
#   RAKORLIVE_FUZZ_SEED=1234 bash scripts/fuzz.sh  replays the run that printed seed=1234
#   RAKORLIVE_FUZZ_ENGINE=PostgreSQL bash scripts/fuzz.sh   (starts the local PostgreSQL first)
# Prints one summary line: requests, per-status counts, 5xx, the server's RSS before and after.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export RAKORLIVE_FUZZ_REQUESTS="${RAKORLIVE_FUZZ_REQUESTS:-10000}"
engine="${RAKORLIVE_FUZZ_ENGINE:-Sqlite}"
if [ "$engine" = "PostgreSQL" ]; then bash scripts/start-postgres.sh; fi
[ "${RAKORLIVE_FUZZ_NO_BUILD:-}" = "1" ] || dotnet build tests/RakorLive.IntegrationTests -c Debug -warnaserror
summary=$(mktemp)
log=$(mktemp)
trap 'rm -f "$summary" "$log"' EXIT
export RAKORLIVE_FUZZ_SUMMARY="$summary"
status=0
dotnet test tests/RakorLive.IntegrationTests -c Debug --no-build --filter "FullyQualifiedName~FuzzTestsOn$engine" \
  --logger "console;verbosity=normal" >"$log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then grep -v '^\s*at ' "$log" | tail -60; fi
if [ -s "$summary" ]; then cat "$summary"; else echo "FUZZ: no summary (the test did not get to the end)"; fi
exit "$status"
