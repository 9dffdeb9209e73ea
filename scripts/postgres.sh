#!/usr/bin/env bash
# Starts the local PostgreSQL cluster and creates the test role and database. Safe to run twice.
# Prints the SQLAlchemy URL the storage tests use (KLIMAORG_TEST_POSTGRES_URL).
set -euo pipefail
ROLE=${KLIMAORG_PG_ROLE:-klimaorg}
PASSWORD=${KLIMAORG_PG_PASSWORD:-klimaorg-test}
DB=${KLIMAORG_PG_DB:-klimaorg_test}
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters -h | head -n 1)
if [ "$STATUS" != "online" ]; then
  if [ "$(id -u)" -eq 0 ]; then pg_ctlcluster "$VERSION" "$CLUSTER" start; else sudo pg_ctlcluster "$VERSION" "$CLUSTER" start; fi
fi
for _ in $(seq 1 30); do as_postgres pg_isready -q -p "$PORT" && break; sleep 0.5; done
as_postgres psql -p "$PORT" -tAc "SELECT 1 FROM pg_roles WHERE rolname='$ROLE'" | grep -q 1 \
  || as_postgres psql -p "$PORT" -qc "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'"
as_postgres psql -p "$PORT" -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1 \
  || as_postgres createdb -p "$PORT" -O "$ROLE" "$DB"
echo "postgres: ready on port $PORT (postgresql+psycopg://$ROLE:***@127.0.0.1:$PORT/$DB)"
