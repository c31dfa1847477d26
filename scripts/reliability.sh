#!/usr/bin/env bash
# The tests that try to break RakorLive (crashes, the PostgreSQL outage, foreign ids, audit, sign-in abuse, fuzzing,
# backup and restore), on both engines, with what each measured printed: the figures docs/reliability.md quotes.
# They are part of the whole suite (scripts/test.sh) too; this runs only them, and shows their output.
# Never beside another suite: PostgresOutageTests stops the machine's PostgreSQL for 10 s.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-prereqs.sh
bash scripts/start-postgres.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
[ "${RAKORLIVE_RELIABILITY_NO_BUILD:-}" = 1 ] || RAKORLIVE_SKIP_WEB=1 dotnet build tests/RakorLive.IntegrationTests -c Debug -warnaserror

filter="FullyQualifiedName~RestartTestsOn|FullyQualifiedName~ThreeNodeFailoverTests|FullyQualifiedName~PostgresOutageTests"
filter+="|FullyQualifiedName~BackupRestoreTestsOn|FullyQualifiedName~ScopeTestsOn|FullyQualifiedName~AuditTestsOn"
filter+="|FullyQualifiedName~SignInAbuseTests|FullyQualifiedName~CorsClosedByDefault|FullyQualifiedName~FuzzTestsOn"
log=${RAKORLIVE_RELIABILITY_LOG:-$(mktemp)}
status=0
dotnet test tests/RakorLive.IntegrationTests -c Debug --no-build -m:1 --filter "$filter" \
  --logger "console;verbosity=detailed" >"$log" 2>&1 || status=$?
# Each test's own lines (what it measured), then the verdicts.
awk '/^ +(Passed|Failed|Skipped) RakorLive/ { name = $2; verdict = $1; show = 0; next }
     /^ +Standard Output Messages:/ { print "== " verdict " " name; show = 1; next }
     /^ +(Error Message|Stack Trace):/ { show = 0 } show { print }' "$log"
grep -E "^ +(Passed|Failed): +[0-9]+|^ +Total tests" "$log" || true
echo "full output: $log"
exit "$status"
