"""Drill: PostgreSQL restarted under a running gunicorn. A private cluster (initdb into a temporary
folder, its own port) holds a freshly migrated database; a signed-in person's next request after
the restart succeeds, because each request checks its kept connection first (CONN_HEALTH_CHECKS)
and opens a new one when the old one died with the server.

    .venv/bin/python scripts/faults/postgres_restarted.py [--pg 5441] [--port 6398] [--web 8162]
"""

import argparse
import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import drill

PAGES = ["/", "/children/", "/account/password/"]


class Cluster:
    """A throwaway PostgreSQL cluster; run as the postgres user when we are root (initdb
    refuses root)."""

    def __init__(self, port):
        self.port = port
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
        if not bins:
            drill.fail("PostgreSQL is not installed (scripts/system-packages.sh)")
        self.bin = bins[-1]
        self.root = Path(tempfile.mkdtemp(prefix="cpb-pg-drill-"))
        self.data = self.root / "data"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.root, "postgres")

    def _run(self, *args):
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603

    def pg_ctl(self, action):
        args = ["pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-m", "fast"]
        if action != "stop":
            args += ["-o", f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"]
        self._run(*args, action)

    def create(self, name):
        self._run("initdb", "-D", str(self.data), "--auth=trust", "-U", "postgres", "-E", "UTF8")
        self.pg_ctl("start")
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        drill.say(f"private PostgreSQL cluster on port {self.port} with database {name}")
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def remove(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.data), "-w", "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", type=int, default=5441)
    parser.add_argument("--port", type=int, default=6398)
    parser.add_argument("--web", type=int, default=8162)
    options = parser.parse_args()
    cluster, redis, procs = Cluster(options.pg), drill.Redis(options.port), drill.Processes()
    base = f"http://127.0.0.1:{options.web}"
    try:
        url = cluster.create("cpb_drill")
        redis.start()
        env = drill.django_env(redis.url, DATABASE_URL=url)
        drill.migrate(env)
        drill.setup_django(env)
        password, device = drill.drill_user("drill.caseworker", "social_worker")
        procs.start("gunicorn", drill.gunicorn_args(options.web, workers=1), env)
        drill.wait_for("gunicorn to answer", lambda: drill.server_up(base), 60)
        browser = drill.Browser(base)
        browser.sign_in("drill.caseworker", password, device)
        for path in PAGES:
            drill.say(f"{path}: {browser.get(path).status_code} before the restart")

        cluster.pg_ctl("restart")
        drill.say("PostgreSQL restarted (fast shutdown: every connection dropped)")
        for path in PAGES:
            page = browser.get(path)
            if page.status_code != 200 or "/sign-in/" in page.url:
                procs.tail("gunicorn", 60)
                drill.fail(f"{path} answered {page.status_code} at {page.url} after the restart")
            drill.say(f"{path}: 200 in {page.seconds:.2f}s after the restart, still signed in")
        drill.say("PASSED postgres_restarted")
    finally:
        procs.stop_all()
        redis.stop()
        cluster.remove()


if __name__ == "__main__":
    main()
