"""Shared parts of the fault drills: a private Redis, Celery workers as real processes, waits.

Every drill runs its own redis-server on a port of its own (never the machine's shared Redis), uses
the PostgreSQL database in DATABASE_URL (postgres_restarted.py makes a private cluster of its own),
and stops every process it started, whatever happens."""

import contextlib
import os
import re
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

    def log(self, name):
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

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


GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def gunicorn_args(port, workers=2):
    args = [GUNICORN, "corporate_parenting.wsgi", "--workers", str(workers), "--threads", "2"]
    return args + ["--bind", f"127.0.0.1:{port}", "--access-logfile", "-", "--timeout", "180"]


def drill_user(username, role):
    """A signed-in-able account of `role` in the drill's database: (password, TOTP device).
    Call after setup_django."""
    import secrets

    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from corporate_parenting.models import User
    from corporate_parenting.roles import Role

    password = f"drill-{secrets.token_urlsafe(12)}"
    user, _ = User.objects.get_or_create(username=username)
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get_or_create(name=Role(role).label)[0])
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return password, device


class Browser:
    """A person's browser against a running server: cookies, CSRF tokens, timings."""

    def __init__(self, base):
        import requests

        self.base = base
        self.session = requests.Session()

    def get(self, path, **kwargs):
        started = time.monotonic()
        response = self.session.get(self.base + path, timeout=180, **kwargs)
        response.seconds = time.monotonic() - started
        return response

    def post_form(self, page, fields):
        """Submit the form on `page` (a response) with `fields` and its CSRF token."""
        token = CSRF.search(page.text).group(1)
        started = time.monotonic()
        response = self.session.post(
            page.url, data={**fields, "csrfmiddlewaretoken": token}, timeout=180
        )
        response.seconds = time.monotonic() - started
        return response

    def sign_in(self, username, password, device):
        from django_otp.oath import TOTP

        page = self.post_form(self.get("/sign-in/"), {"username": username, "password": password})
        if "/second-factor/" not in page.url:
            fail(f"sign-in as {username} did not reach the second factor ({page.url})")
        # A code is accepted once: a second sign-in within 30 seconds uses the next step's code,
        # which the device's tolerance of one step accepts (as an app's would be a moment later).
        device.refresh_from_db()
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
        totp.time = time.time()
        totp.time += max(0, device.last_t + 1 - totp.t()) * device.step
        home = self.post_form(page, {"code": f"{totp.token():06d}"})
        if home.status_code != 200 or "/second-factor/" in home.url or "/sign-in/" in home.url:
            fail(f"second factor refused for {username} ({home.status_code} {home.url})")
        return home


def server_up(base):
    import requests

    return requests.get(base + "/sign-in/", timeout=2).status_code == 200


def migrate(env):
    """Bring the drill's database up to date (a no-op when it is)."""
    subprocess.run(  # noqa: S603 - our own fixed arguments
        [PY, "manage.py", "migrate", "--no-input", "-v0"], env=env, cwd=ROOT, check=True
    )
