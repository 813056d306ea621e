"""Drill: a worker killed with SIGKILL in the middle of a task; the task completes once a worker
is back (late acknowledgement: the unacknowledged message is delivered again after the broker's
visibility timeout, 5 s for the drill).

    DATABASE_URL=... .venv/bin/python scripts/faults/worker_killed.py [--port 6391]
"""

import argparse
import time

from drill import Processes, Redis, django_env, fail, say, setup_django, wait_for, worker_args


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=6391)
    options = parser.parse_args()
    redis, procs = Redis(options.port), Processes()
    try:
        redis.start()
        env = django_env(redis.url)
        setup_django(env)
        from corporate_parenting.tasks import worker_check

        first = procs.start("worker-1", worker_args("drill1"), env)
        result = worker_check.delay(hold_seconds=8)
        say(f"task {result.id} sent, held 8 s by the worker")
        wait_for("the task to start", lambda: result.state == "STARTED", 60)
        procs.kill(first)
        say("worker-1 killed with SIGKILL mid-task")
        killed_at = time.monotonic()
        import redis as redis_client

        unacked = redis_client.Redis(port=options.port).hlen("unacked")
        say(f"{unacked} unacknowledged message(s) wait for the visibility timeout")
        procs.start("worker-2", worker_args("drill2"), env)
        try:
            value = result.get(timeout=90)
        except Exception as exc:  # noqa: BLE001
            procs.tail("worker-2")
            fail(f"the task did not complete after the restart: {exc!r}")
        if value.get("database") is not True:
            fail(f"unexpected result {value}")
        waited = time.monotonic() - killed_at
        say(f"the task completed on the new worker {waited:.1f}s after the kill")
        say("PASSED worker_killed")
    finally:
        procs.stop_all()
        redis.stop()


if __name__ == "__main__":
    main()
