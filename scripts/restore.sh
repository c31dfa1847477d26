#!/usr/bin/env bash
# Restores a backup that scripts/backup.sh made into a FRESH store (see README "Backup and restore").
#
#   scripts/restore.sh sqlite     <backup-dir> <data-dir>     (a new or empty folder)
#   scripts/restore.sh postgresql <backup-dir> <connection>   (a new, empty database)
#
# It checks SHA256SUMS first and refuses a target that already holds data, so it never mixes a backup with a
# live store: stop the server, move the old data folder aside (or create a new database), restore, and start
# the server on the restored store. Tokens issued before the backup stay valid: the signing key is restored.
set -euo pipefail

usage() { sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -eq 3 ] || usage
engine=$1 backup=$2 target=$3

[ -f "$backup/MANIFEST" ] && [ -f "$backup/SHA256SUMS" ] || { echo "restore: '$backup' is not a backup made by scripts/backup.sh" >&2; exit 2; }
recorded=$(sed -n 's/^engine=//p' "$backup/MANIFEST")
[ "$recorded" = "$engine" ] || { echo "restore: '$backup' is a $recorded backup, not $engine" >&2; exit 2; }
(cd "$backup" && sha256sum --quiet --check SHA256SUMS) || { echo "restore: '$backup' is damaged (SHA256SUMS do not match)" >&2; exit 1; }

case "$engine" in
  sqlite)
    if [ -e "$target" ] && [ -n "$(ls -A "$target" 2>/dev/null)" ]; then
      echo "restore: '$target' is not empty; stop the server and move it aside first (mv data data.old)" >&2; exit 2
    fi
    mkdir -p "$target"
    while read -r _ name; do
      [ "$name" = MANIFEST ] && continue
      cp -p "$backup/$name" "$target/$name"
    done < "$backup/SHA256SUMS"
    chmod 700 "$target"
    chmod 600 "$target"/*
    ;;
  postgresql)
    command -v pg_restore >/dev/null || { echo "restore: pg_restore not found (apt-get install postgresql-client-15)" >&2; exit 2; }
    tables=$(psql -X -qtA -v ON_ERROR_STOP=1 -d "$target" -c \
      "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
    if [ "$tables" != "0" ]; then
      echo "restore: the target database already has $tables tables; restore into a new database (createdb rakorlive_restored)" >&2; exit 2
    fi
    # One transaction: a restore that fails half-way leaves the database empty, not half-filled.
    pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$target" "$backup/rakorlive.dump"
    ;;
  *) usage ;;
esac
echo "restore: $engine backup of $(sed -n 's/^created=//p' "$backup/MANIFEST") restored; start the server on it"
