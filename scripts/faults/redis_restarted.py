"""Drill: Redis (broker and cache) stopped and started again while the worker and beat run.
/healthz says "degraded" while Redis is down, and "ok" again once the worker consumes again
(its heartbeat is fresh), and a task sent after the restart completes.

    DATABASE_URL=... .venv/bin/python scripts/faults/redis_restarted.py [--port 6392]
"""

import argparse
import time

from drill import Processes, Redis, django_env, fail, say, setup_django, wait_for, worker_args


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=6392)
    options = parser.parse_args()
    redis, procs = Redis(options.port), Processes()
    try:
        redis.start()
        env = django_env(redis.url)
        setup_django(env)
        from django.test import Client

        from corporate_parenting.tasks import worker_check

        client = Client(HTTP_HOST="127.0.0.1")

        def status():
            return client.get("/healthz").json()["status"]

        procs.start("worker", worker_args("drill", beat=True), env)
        wait_for("/healthz ok with the worker's heartbeat", lambda: status() == "ok", 60)
        say("/healthz: ok")
        redis.stop()
        started = time.monotonic()
        wait_for("/healthz degraded with Redis down", lambda: status() == "degraded", 15)
        say(f"/healthz: degraded {time.monotonic() - started:.1f}s after Redis stopped")
        time.sleep(3)
        redis.start()
        started = time.monotonic()
        wait_for("/healthz ok again after Redis returned", lambda: status() == "ok", 60)
        say(f"/healthz: ok {time.monotonic() - started:.1f}s after Redis returned")
        try:
            worker_check.delay().get(timeout=30)
        except Exception as exc:  # noqa: BLE001
            procs.tail("worker")
            fail(f"the worker does not consume after the restart: {exc!r}")
        say("a task sent after the restart completed")
        say("PASSED redis_restarted")
    finally:
        procs.stop_all()
        redis.stop()


if __name__ == "__main__":
    main()
