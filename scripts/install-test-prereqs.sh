#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian 12 machine (run as root).
# Idempotent: does nothing when everything is already there. The browser comes from
# Debian's `chromium` package because Playwright's own browser download cannot be reached
# here; the tests launch /usr/bin/chromium (RAKORLIVE_CHROMIUM overrides).
# The PDF documents embed a TrueType font found under /usr/share/fonts: Liberation Sans
# (`fonts-liberation`, Arial's metrics) when present, else DejaVu Sans (`fonts-dejavu-core`).
# `poppler-utils` brings pdftoppm, to look at a rendered PDF page as a PNG. `sqlite3` is what scripts/backup.sh
# copies a running SQLite store with (BackupRestoreTests); pg_dump comes with PostgreSQL (start-postgres.sh).
set -euo pipefail

CHROMIUM=/usr/bin/chromium
PACKAGES=(chromium fonts-dejavu-core fonts-liberation poppler-utils sqlite3)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
for package in "${PACKAGES[@]}"; do
  # A chromium that is already at its path counts, however it got there.
  if [[ "$package" == chromium && -x "$CHROMIUM" ]]; then continue; fi
  installed "$package" || missing+=("$package")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-test-prereqs: chromium ($("$CHROMIUM" --version 2>/dev/null | tail -n 1)), fonts, poppler-utils and sqlite3 already present; nothing to do"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-test-prereqs: missing ${missing[*]}, and installing needs root" >&2
  exit 1
fi

# The package index of a fresh machine may be empty or old: refresh it once, only when needed.
echo "install-test-prereqs: apt-get update"
apt-get update -q
echo "install-test-prereqs: installing ${missing[*]}"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"

if [[ ! -x "$CHROMIUM" ]]; then
  echo "install-test-prereqs: chromium was installed but $CHROMIUM is still missing" >&2
  exit 1
fi
echo "install-test-prereqs: installed ${missing[*]}; $("$CHROMIUM" --version 2>/dev/null | tail -n 1)"
