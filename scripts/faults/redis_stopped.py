"""Drill: Redis (broker and cache) stopped while gunicorn and a worker run. Pages read before
still answer 200 quickly (sign-in included: sessions are in PostgreSQL; cached figures from the
web process's own copy), asking for a board report through the real page
saves the run and says it is queued, and once Redis is back the run is drawn without anyone
asking (the periodic sweep sends it again).

    DATABASE_URL=... .venv/bin/python scripts/faults/redis_stopped.py [--port 6393] [--web 8161]
"""

import argparse
import re
import time

from drill import (
    Browser,
    Processes,
    Redis,
    django_env,
    drill_user,
    fail,
    gunicorn_args,
    migrate,
    say,
    server_up,
    setup_django,
    wait_for,
    worker_args,
)

PAGES = ["/", "/reports/", "/reports/papers/", "/accessibility/"]
SLOWEST_PAGE_SECONDS = 5.0  # with Redis down the cache misses; nothing may wait on Redis


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=6393)
    parser.add_argument("--web", type=int, default=8161)
    options = parser.parse_args()
    redis, procs = Redis(options.port), Processes()
    base = f"http://127.0.0.1:{options.web}"
    try:
        redis.start()
        sweep = {"REPORT_RUN_RESEND_AFTER_SECONDS": "3", "REPORT_RUN_SWEEP_SECONDS": "2"}
        env = django_env(redis.url, **sweep)
        migrate(env)
        setup_django(env)
        from reports.models import ReportRun, ReportRunStatus
        from reports.report_runs import WAITING_FOR_BROKER

        password, device = drill_user("drill.reports", "performance_officer")
        # A new run each time: an earlier drill's run for the same inputs would be shown instead.
        ReportRun.objects.filter(requested_by__username="drill.reports").delete()
        # One web process, so that the pages read once with Redis up are in its copy of the cache.
        procs.start("gunicorn", gunicorn_args(options.web, workers=1), env)
        procs.start("worker", worker_args("drill", beat=True), env)
        wait_for("gunicorn to answer", lambda: server_up(base), 60)

        before = Browser(base)
        before.sign_in("drill.reports", password, device)
        for path in PAGES:
            page = before.get(path)
            say(f"{path}: {page.status_code} in {page.seconds:.2f}s with Redis up")
        redis.stop()
        browser = Browser(base)
        browser.sign_in("drill.reports", password, device)
        say("signed in (password and second factor) with Redis stopped")
        for path in PAGES:
            page = browser.get(path)
            if page.status_code != 200 or page.seconds > SLOWEST_PAGE_SECONDS:
                procs.tail("gunicorn")
                fail(f"{path} answered {page.status_code} in {page.seconds:.2f}s with Redis down")
            say(f"{path}: 200 in {page.seconds:.2f}s with Redis stopped")

        day = time.localtime()
        asked = browser.post_form(
            browser.get("/reports/papers/"),
            {
                "report_type": "permanence",
                "as_at_0": str(day.tm_mday),
                "as_at_1": str(day.tm_mon),
                "as_at_2": str(day.tm_year),
            },
        )
        found = re.search(r"/reports/papers/(\d+)/$", asked.url)
        if asked.status_code != 200 or not found:
            procs.tail("gunicorn")
            fail(f"asking for a report answered {asked.status_code} at {asked.url}")
        if WAITING_FOR_BROKER not in asked.text:
            fail("the report's page does not say it is queued")
        run = ReportRun.objects.get(pk=int(found.group(1)))
        say(f"report run {run.pk} saved and shown as queued ({asked.seconds:.2f}s): {run.stage}")
        log = procs.log("gunicorn").splitlines()
        outages = sum("corporate_parenting.cache" in line and "unreachable" in line for line in log)
        if outages != 1:
            fail(f"the cache outage was logged {outages} times by one web process")
        say("the cache outage was logged once by the web process")

        time.sleep(2)
        redis.start()
        started = time.monotonic()

        def built():
            run.refresh_from_db()
            return run.status == ReportRunStatus.BUILT

        try:
            wait_for("the queued run to be drawn once Redis is back", built, 120)
        except SystemExit:
            procs.tail("worker", 60)
            raise
        say(f"report run {run.pk} drawn {time.monotonic() - started:.1f}s after Redis returned")
        say("PASSED redis_stopped")
    finally:
        procs.stop_all()
        redis.stop()


if __name__ == "__main__":
    main()
