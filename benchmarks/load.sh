#!/usr/bin/env bash
# Load test on loopback: gunicorn (DEBUG off, 2 workers per core) on the demo council in your own
# database, locust with 70 board members and 20 social workers for a bounded time; prints
# throughput, p50/p95/p99 and errors per page and in all, and the machine's load.
#
#   bash benchmarks/load.sh [CPB_NAME] [SECONDS] [BOARD_MEMBERS] [SOCIAL_WORKERS] [PORT] [REDIS_DB]
#   e.g. bash benchmarks/load.sh cpb_h20c 60 70 20 8106 6
# The demo council is loaded (demo_setup) if the database has no demo accounts yet. Fails (exit 1)
# if any request failed. Never point it at a live database: it sets the demo accounts' password.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:-cpb_load}; seconds=${2:-60}; board=${3:-70}; workers_sw=${4:-20}; port=${5:-8150}
redis_db=${6:-12}
eval "$(bash scripts/services.sh "$name")"
export REDIS_URL=$REDIS_HOST_URL/$redis_db REDIS_CACHE_URL=$REDIS_HOST_URL/$((redis_db + 1))
export DJANGO_SETTINGS_MODULE=corporate_parenting.settings
out=$(mktemp -d)
setup_env=(env DEBUG=1 DEMO=1)
"${setup_env[@]}" .venv/bin/python manage.py migrate --no-input -v0
if ! "${setup_env[@]}" .venv/bin/python manage.py shell -c \
  "from corporate_parenting.models import User; import sys; sys.exit(0 if User.objects.filter(username='cllr.board').exists() else 1)"; then
  "${setup_env[@]}" .venv/bin/python manage.py demo_setup >/dev/null
fi
export LOAD_PASSWORD="load-$(date +%s)-$RANDOM"
"${setup_env[@]}" .venv/bin/python manage.py shell -c "
from corporate_parenting.models import User
from demo.second_factor import demo_app_set_up
for user in User.objects.filter(username__in=['cllr.board', 'sw.north']):
    user.set_password('$LOAD_PASSWORD'); user.save()
    print(user.username, demo_app_set_up(user))
" > "$out/keys"
# Each account's authenticator key: the load users pass the second factor as people do.
export LOAD_BOARD_KEY=$(awk '$1 == "cllr.board" {print $2}' "$out/keys")
export LOAD_SW_KEY=$(awk '$1 == "sw.north" {print $2}' "$out/keys")
# Production settings, except plain HTTP on loopback.
export DEBUG=0 SECRET_KEY="load-test-$RANDOM$RANDOM" ALLOWED_HOSTS=127.0.0.1 SECURE_COOKIES=0 \
  SECURE_SSL_REDIRECT=0 MANIFEST_STATIC=0
cores=$(nproc)
.venv/bin/gunicorn corporate_parenting.wsgi --workers $((2 * cores)) --bind 127.0.0.1:"$port" \
  --access-logfile /dev/null --error-logfile "$out/gunicorn.log" & gunicorn=$!
trap 'kill $gunicorn 2>/dev/null; wait $gunicorn 2>/dev/null' EXIT INT TERM
for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/sign-in/" && break; sleep 0.2; done
# Warm the caches (the dashboard's figures) with one pass before measuring.
LOAD_BOARD_MEMBERS=1 LOAD_SOCIAL_WORKERS=1 .venv/bin/locust -f benchmarks/locustfile.py --headless \
  -u 2 -r 2 -t 10s --host "http://127.0.0.1:$port" --only-summary >/dev/null 2>&1 || true
# A second-factor code is accepted once: start the measured run in a fresh 30-second step.
sleep $((31 - $(date +%s) % 30))
echo "uptime before: $(uptime)"
LOAD_BOARD_MEMBERS=$board LOAD_SOCIAL_WORKERS=$workers_sw .venv/bin/locust -f benchmarks/locustfile.py \
  --headless -u $((board + workers_sw)) -r 30 --reset-stats -t "${seconds}s" --host "http://127.0.0.1:$port" \
  --csv "$out/load" --only-summary >"$out/locust.log" 2>&1 || true
echo "uptime after:  $(uptime)"
echo "gunicorn workers: $((2 * cores)) on $cores cores; $board board members, $workers_sw social workers, ${seconds}s"
.venv/bin/python - "$out/load_stats.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(f"{'page':<32}{'requests':>9}{'fails':>7}{'req/s':>8}{'p50':>6}{'p95':>6}{'p99':>6}  ms")
for row in rows:
    print(f"{row['Name'][:31]:<32}{row['Request Count']:>9}{row['Failure Count']:>7}"
          f"{float(row['Requests/s']):>8.1f}{row['50%']:>6}{row['95%']:>6}{row['99%']:>6}")
total = next(row for row in rows if row["Name"] == "Aggregated")
sys.exit(1 if int(total["Failure Count"]) else 0)
PY
