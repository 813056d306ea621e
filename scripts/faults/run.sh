#!/usr/bin/env bash
# Run every fault drill (short, bounded) against the database in DATABASE_URL; each drill starts
# its own redis-server on a port of its own and stops what it started. Fails on the first failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
for drill in worker_killed redis_restarted redis_stopped postgres_restarted; do
  echo "== fault drill: $drill"
  timeout 360 .venv/bin/python "scripts/faults/$drill.py"
done
