"""Shared parts of the fault drills: a private Redis, Celery workers as real processes, waits.

Every drill runs its own redis-server on a port of its own (never the machine's shared Redis), uses
the PostgreSQL database in DATABASE_URL (or a private cluster, postgres_restart.py), and stops
every process it started, whatever happens."""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = str(ROOT / ".venv" / "bin" / "python")
CELERY = str(ROOT / ".venv" / "bin" / "celery")


def say(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def fail(message):
    say(f"FAILED: {message}")
    sys.exit(1)


def wait_for(what, check, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(0.3)
    fail(f"{what} not within {timeout}s")


class Redis:
    """A private redis-server (no persistence) that can be stopped and started again."""

    def __init__(self, port):
        self.port = port
        self.proc = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}"

    def start(self):
        self.proc = subprocess.Popen(  # noqa: S603 - our own fixed arguments
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        wait_for(f"redis on {self.port}", self.ping, 10)
        say(f"redis-server on port {self.port} started (pid {self.proc.pid})")

    def ping(self):
        import redis

        return redis.Redis(port=self.port, socket_timeout=0.5).ping()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
            say(f"redis-server on port {self.port} stopped")
        self.proc = None


class Processes:
    """Started processes, each in its own process group, all stopped on exit."""

    def __init__(self):
        self.procs = []
        self.logs = Path(tempfile.mkdtemp(prefix="cpb-fault-"))

    def start(self, name, args, env):
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(  # noqa: S603 - our own fixed arguments
            args, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.procs.append((name, proc))
        say(f"{name} started (pid {proc.pid})")
        return proc

    def kill(self, proc, sig=signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        proc.wait(30)

    def stop_all(self):
        for _name, proc in reversed(self.procs):
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    self.kill(proc)

    def tail(self, name, lines=30):
        path = self.logs / f"{name}.log"
        if path.exists():
            print("\n".join(path.read_text(errors="replace").splitlines()[-lines:]))


def worker_args(name, *, beat=False):
    args = [CELERY, "-A", "corporate_parenting", "worker", "--pool", "solo", "--loglevel", "INFO"]
    args += ["-n", f"{name}@%h", "--without-mingle", "--without-gossip"]
    if beat:
        schedule = Path(tempfile.mkdtemp(prefix="cpb-beat-")) / "schedule"
        args += ["-B", "--schedule", str(schedule)]
    return args


def django_env(redis_url, **extra):
    env = dict(os.environ)
    env.update(
        DEBUG="1",
        DEMO="1",
        REDIS_URL=f"{redis_url}/0",
        REDIS_CACHE_URL=f"{redis_url}/1",
        CELERY_VISIBILITY_TIMEOUT="5",
        HEALTH_HEARTBEAT_SECONDS="2",
        HEALTH_WORKER_STALE_SECONDS="6",
        HEALTHZ_CACHE_SECONDS="0",
    )
    env.update(extra)
    if "DATABASE_URL" not in env:
        fail('set DATABASE_URL (eval "$(bash scripts/services.sh cpb)")')
    return env


def setup_django(env):
    """Configure Django in this process like the workers (same Redis, same settings)."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corporate_parenting.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
