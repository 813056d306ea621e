"""Server time of each page the load test opens (benchmarks/locustfile.py), one user at a time.

    DEBUG=0 SECRET_KEY=x MANIFEST_STATIC=0 SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 \\
      ALLOWED_HOSTS=testserver DEMO=1 DATABASE_URL=... \\
      REDIS_URL=... REDIS_CACHE_URL=... .venv/bin/python benchmarks/load_pages_single_user.py

The demo council must be loaded (manage.py demo_setup). Each page is requested in this process
through Django's test client as cllr.board or sw.north (signed in with their authenticator
code), once to warm the caches and then --repeat times; prints the median and slowest
milliseconds and the queries per request. Gives a new authenticator key to both accounts (as
benchmarks/load.sh does): never run it against a live database.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corporate_parenting.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from corporate_parenting.models import User  # noqa: E402
from demo.second_factor import current_code, demo_app_set_up  # noqa: E402


def signed_in(username):
    user = User.objects.get(username=username)
    demo_app_set_up(user)
    client = Client()
    client.force_login(user)
    code = current_code(TOTPDevice.objects.get(user=user))
    response = client.post("/account/second-factor/", {"code": code})
    if response.status_code != 302:
        sys.exit(f"{username}: the second factor was refused ({response.status_code})")
    return client


def timed(client, url, repeat):
    client.get(url)  # warm
    seconds, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            seconds.append(time.perf_counter() - started)
        if response.status_code != 200:
            sys.exit(f"{url}: {response.status_code}")
        queries = len(captured)
    return statistics.median(seconds) * 1000, max(seconds) * 1000, queries


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    options = parser.parse_args()
    board, worker = signed_in("cllr.board"), signed_in("sw.north")
    dashboard = board.get("/reports/").content.decode()
    indicator = sorted(set(re.findall(r'href="(/reports/indicators/[A-Z0-9_]+/)"', dashboard)))[0]
    caseload = worker.get("/children/").content.decode()
    child = sorted(set(re.findall(r'href="(/children/\d+/)"', caseload)))[0]
    pages = [
        (board, "/reports/", "dashboard"),
        (board, indicator, "indicator"),
        (board, "/meetings/", "meetings"),
        (board, "/", "home (board member)"),
        (worker, "/children/", "caseload"),
        (worker, child, "child record"),
    ]
    print(f"{os.getloadavg()[0]:.2f} load average (1 minute) at the start")
    print(f"{'page':<24}{'median ms':>10}{'slowest ms':>11}{'queries':>9}")
    for client, url, name in pages:
        median, slowest, queries = timed(client, url, options.repeat)
        print(f"{name:<24}{median:>10.1f}{slowest:>11.1f}{queries:>9}")
    print(f"{os.getloadavg()[0]:.2f} load average (1 minute) at the end")


if __name__ == "__main__":
    main()
