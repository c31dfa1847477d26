#!/usr/bin/env bash
# The whole test suite, on a fresh machine of this kind: installs what the tests need
# (Chromium for the browser tests, the web clients' npm packages), starts the local PostgreSQL
# for the PostgreSQL tests, builds once and runs every test project.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-prereqs.sh
if [ -f scripts/start-postgres.sh ]; then bash scripts/start-postgres.sh; fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build RakorLive.sln -c Debug -warnaserror
# Test assemblies run one after another: each starts real servers, and the machine has two cores.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test RakorLive.sln -c Debug --no-build -m:1 --logger "console;verbosity=normal" "$@" | tee "$log"
# One plain closing line over all test assemblies.
awk '/^ +Passed: [0-9]+$/ { p += $2 } /^ +Failed: [0-9]+$/ { f += $2 } /^ +Skipped: [0-9]+$/ { s += $2 }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
