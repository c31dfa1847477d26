#!/usr/bin/env bash
# Installs what the browser tests need on a fresh Debian 12 machine (run as root).
# Idempotent: does nothing when everything is already there. The browser comes from
# Debian's `chromium` package because Playwright's own browser download cannot be reached
# here; the tests launch /usr/bin/chromium (RAKORLIVE_CHROMIUM overrides).
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [[ -x "$CHROMIUM" ]]; then
  echo "install-test-prereqs: chromium already present ($("$CHROMIUM" --version 2>/dev/null | tail -n 1)); nothing to do"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-test-prereqs: $CHROMIUM is missing and installing it needs root" >&2
  exit 1
fi

# The package index of a fresh machine may be empty or old: refresh it once, only when needed.
if ! dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q 'install ok installed'; then
  echo "install-test-prereqs: apt-get update"
  apt-get update -q
fi
echo "install-test-prereqs: installing Debian chromium"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium

if [[ ! -x "$CHROMIUM" ]]; then
  echo "install-test-prereqs: chromium was installed but $CHROMIUM is still missing" >&2
  exit 1
fi
echo "install-test-prereqs: installed $("$CHROMIUM" --version 2>/dev/null | tail -n 1)"
