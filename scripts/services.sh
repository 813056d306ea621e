#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer, starting them if needed, then print the environment
# the service should use (for `eval "$(scripts/services.sh DBNAME)"`). Messages go to stderr.
#
# PostgreSQL: use a server on 127.0.0.1:5432 that lets `postgres` in without a password (CI and
# development machines); otherwise run our own trust-auth cluster in .services/pg on port 5433.
# Redis: use 127.0.0.1:6379 when it answers; otherwise start redis-server on it.
set -euo pipefail
dbname=${1:-cpb}
root=$(cd "$(dirname "$0")/.." && pwd)
state="$root/.services"
mkdir -p "$state"

if psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
  pg_port=5432
else
  pg_port=5433
  if ! psql -h 127.0.0.1 -p 5433 -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$bin" ] || { echo "PostgreSQL is not installed: run scripts/system-packages.sh" >&2; exit 1; }
    run_as=""; [ "$(id -u)" -eq 0 ] && run_as="postgres"
    if [ ! -f "$state/pg/PG_VERSION" ]; then
      echo "Creating a local PostgreSQL cluster in $state/pg" >&2
      mkdir -p "$state/pg"; [ -n "$run_as" ] && chown "$run_as" "$state" "$state/pg"
      ${run_as:+su $run_as -c} "$bin/initdb -D $state/pg --auth=trust -U postgres -E UTF8" >/dev/null
    fi
    echo "Starting PostgreSQL on 127.0.0.1:5433" >&2
    if [ -n "$run_as" ]; then
      su "$run_as" -c "$bin/pg_ctl -D $state/pg -l $state/pg.log -w start -o '-p 5433 -k $state -c listen_addresses=127.0.0.1'" >/dev/null
    else
      "$bin/pg_ctl" -D "$state/pg" -l "$state/pg.log" -w start -o "-p 5433 -k $state -c listen_addresses=127.0.0.1" >/dev/null
    fi
  fi
fi
if ! psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -Atqc "select 1 from pg_database where datname='$dbname'" | grep -q 1; then
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -qc "CREATE DATABASE $dbname" >&2
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  command -v redis-server >/dev/null || { echo "Redis is not installed: run scripts/system-packages.sh" >&2; exit 1; }
  echo "Starting Redis on 127.0.0.1:6379" >&2
  redis-server --daemonize yes --port 6379 --bind 127.0.0.1 --save '' --appendonly no \
    --pidfile "$state/redis.pid" --logfile "$state/redis.log" >&2
  for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$pg_port/$dbname"
echo "export REDIS_HOST_URL=redis://127.0.0.1:6379"
