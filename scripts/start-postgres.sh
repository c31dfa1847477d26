#!/usr/bin/env bash
# Starts the machine's PostgreSQL 15 (installed, stopped by default) and makes sure the role the
# tests and local cluster use exists. Idempotent. Role "rakorlive" may create the throw-away
# databases each PostgreSQL test makes for itself.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "start-postgres: pg_ctlcluster not found; installing PostgreSQL 15" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
fi
if ! pg_lsclusters -h | awk '$1=="15" && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster 15 main start
  echo "start-postgres: PostgreSQL 15 started"
fi
for _ in $(seq 1 50); do
  su postgres -c "pg_isready -q -h 127.0.0.1 -p 5432" && break
  sleep 0.2
done

psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtAc \"$1\""; }
if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='rakorlive'")" != "1" ]; then
  psql_admin "CREATE ROLE rakorlive LOGIN CREATEDB PASSWORD 'rakorlive'"
  echo "start-postgres: role rakorlive created"
fi
if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname='rakorlive'")" != "1" ]; then
  psql_admin "CREATE DATABASE rakorlive OWNER rakorlive"
  echo "start-postgres: database rakorlive created"
fi
echo "start-postgres: ready at Host=127.0.0.1;Port=5432;Username=rakorlive;Password=rakorlive;Database=rakorlive;SSL Mode=Disable (loopback: no TLS)"
