#!/usr/bin/env bash
# Online backup of a RakorLive store; the server may keep running (see README "Backup and restore").
#
#   scripts/backup.sh sqlite     <data-dir>   <backup-dir>
#   scripts/backup.sh postgresql <connection> <backup-dir>
#
# sqlite: every SQLite database in the data folder (rakorlive.db, found by its file header) is copied with
#   VACUUM INTO: one read transaction, so a consistent snapshot that includes what is still in the -wal file and
#   that never blocks the server's writers (the shell's .backup restarts whenever the server writes, and under
#   steady load may never finish). Every other file (the token signing key `signing-key`) is copied as it is.
# postgresql: pg_dump in the custom format; pg_dump reads one snapshot, so the dump is consistent while the nodes
#   write. <connection> is a libpq URI or key=value string (postgresql://rakorlive@db:5432/rakorlive); the
#   password comes from the URI, PGPASSWORD or ~/.pgpass. The token signing key is a row of the database.
# Both write MANIFEST (engine, time, source) and SHA256SUMS, which restore.sh checks before it changes anything.
set -euo pipefail

usage() { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -eq 3 ] || usage
engine=$1 source=$2 out=$3

if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
  echo "backup: '$out' is not empty; give a new folder for each backup" >&2; exit 2
fi
mkdir -p "$out"
work=$(mktemp -d "$out/.partial.XXXXXX")
trap 'rm -rf "$work"' EXIT

is_sqlite() { [ -f "$1" ] && [ "$(head -c 15 "$1" 2>/dev/null)" = "SQLite format 3" ]; }

case "$engine" in
  sqlite)
    command -v sqlite3 >/dev/null || { echo "backup: sqlite3 not found (apt-get install sqlite3)" >&2; exit 2; }
    [ -d "$source" ] || { echo "backup: data folder '$source' not found" >&2; exit 2; }
    databases=0
    for file in "$source"/* "$source"/.[!.]*; do
      [ -f "$file" ] || continue
      name=$(basename "$file")
      case "$name" in
        *-wal|*-shm|*-journal|*.tmp) continue ;;   # part of a database (read through it) or a half-written file
      esac
      if is_sqlite "$file"; then
        # busy_timeout: wait for a checkpoint in progress instead of failing.
        sqlite3 -bail "$file" ".timeout 30000" "VACUUM INTO '$work/$name'" >/dev/null
        check=$(sqlite3 "$work/$name" "PRAGMA integrity_check;")
        [ "$check" = "ok" ] || { echo "backup: the copy of $name fails its integrity check: $check" >&2; exit 1; }
        databases=$((databases + 1))
      else
        cp -p "$file" "$work/$name"
      fi
    done
    [ "$databases" -gt 0 ] || { echo "backup: no SQLite database in '$source' (is it the server's Storage:DataDirectory?)" >&2; exit 1; }
    ;;
  postgresql)
    command -v pg_dump >/dev/null || { echo "backup: pg_dump not found (apt-get install postgresql-client-15)" >&2; exit 2; }
    pg_dump --format=custom --no-owner --no-privileges --file="$work/rakorlive.dump" "$source"
    # Keep the password out of the manifest.
    source=$(printf '%s' "$source" | sed -E 's#(://[^:/@]*):[^@]*@#\1:***@#; s#password=[^ ]*#password=***#I')
    ;;
  *) usage ;;
esac

{
  echo "engine=$engine"
  echo "created=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "source=$source"
} > "$work/MANIFEST"
(cd "$work" && find . -maxdepth 1 -type f ! -name SHA256SUMS -printf '%P\n' | sort | xargs -d '\n' sha256sum > SHA256SUMS)
chmod 600 "$work"/*
mv "$work"/* "$out"/
echo "backup: $engine backup in $out ($(cd "$out" && ls | tr '\n' ' '))"
