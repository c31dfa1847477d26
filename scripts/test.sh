#!/usr/bin/env bash
# The whole test suite, on a fresh machine of this kind: installs what the tests need
# (Chromium for the browser tests, the web clients' npm packages), starts the local PostgreSQL
# for the PostgreSQL tests, builds once and runs every test project, then the web client's node tests.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-prereqs.sh
if [ -f scripts/start-postgres.sh ]; then bash scripts/start-postgres.sh; fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build RakorLive.sln -c Debug -warnaserror
# Test assemblies run one after another: each starts real servers, and the machine has two cores.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# A failing suite does not stop the others: the closing line counts them all, and the exit status reports the failure.
status=0
dotnet test RakorLive.sln -c Debug --no-build -m:1 --logger "console;verbosity=normal" "$@" | tee "$log" || status=$?
# The web client's tests (node --test): its fold against the recorded event fixtures, ordering, outbox, formatting.
# TAP whatever the terminal, so its "# pass N" lines can be counted; npm ci only where the build has not installed it.
( cd clients/web
  [ -f node_modules/.package-lock.json ] || npm ci --no-audit --no-fund
  NODE_OPTIONS="${NODE_OPTIONS:-} --test-reporter=tap" npm test --silent ) 2>&1 | tee -a "$log" || status=$?
# The failed tests by name, with the first lines of their messages, just above the closing line: CI shows the tail.
if grep -qE '^ +Failed [A-Za-z]' "$log"; then
  echo "Failed tests:"
  grep -A4 -E '^ +Failed [A-Za-z]' "$log" | grep -vE '^ +(Passed|Skipped) ' | cut -c1-300 || true
fi
grep -E '^not ok ' "$log" || true
# One plain closing line over all test assemblies and the node tests (cancelled counts as failed, todo as skipped).
awk '/^ +Passed: [0-9]+$/ { p += $2 } /^ +Failed: [0-9]+$/ { f += $2 } /^ +Skipped: [0-9]+$/ { s += $2 }
     /^# pass [0-9]+$/ { p += $3 } /^# (fail|cancelled) [0-9]+$/ { f += $3 } /^# (skipped|todo) [0-9]+$/ { s += $3 }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
