"""Load: board members and social workers together, signed in through the real sign-in form.

Run it with benchmarks/load.sh (it starts gunicorn on the demo council and prints the figures).
Accounts: LOAD_BOARD_USER / LOAD_SW_USER with LOAD_PASSWORD (the runner sets a known password
on the demo accounts of your own development database)."""

import os
import random
import re
import time
from base64 import b32decode

import gevent
from django_otp.oath import totp
from gevent.lock import Semaphore
from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CHILD = re.compile(r'href="(/children/\d+/)"')
INDICATOR = re.compile(r'href="(/reports/indicators/[A-Z0-9_]+/)"')


class SignedIn(HttpUser):
    """Each account signs in once (password hashing is deliberately slow: 90 sign-ins at once
    would measure the hasher); its users share the session, as tabs of one browser would."""

    abstract = True
    wait_time = between(0.5, 1.5)
    username = ""
    _sessions = {}
    _lock = Semaphore()

    def on_start(self):
        with self._lock:
            if self.username not in self._sessions:
                self._sign_in()
                self._sessions[self.username] = dict(self.client.cookies)
        for name, value in self._sessions[self.username].items():
            self.client.cookies.set(name, value)

    def _sign_in(self):
        page = self.client.get("/sign-in/", name="sign-in")
        token = CSRF.search(page.text).group(1)
        response = self.client.post(
            "/sign-in/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/sign-in/"},
            name="sign-in",
        )
        if "/sign-in/" in response.url:
            raise RuntimeError(f"{self.username} could not sign in")
        # The second factor: the current code of the account's authenticator key. A code is
        # accepted once (django-otp refuses a replay), so after the warm-up pass used this
        # 30-second step's code, wait for the next step and try again.
        for attempt in range(2):
            if attempt:
                gevent.sleep(31 - time.time() % 30)
            token = CSRF.search(response.text).group(1)
            code = f"{totp(b32decode(self.key + '=' * (-len(self.key) % 8))):06d}"
            verified = self.client.post(
                response.url,
                {"code": code, "csrfmiddlewaretoken": token},
                headers={"Referer": response.url},
                name="second factor",
            )
            if "second-factor" not in verified.url:
                return
            response = verified
        raise RuntimeError(f"{self.username} could not pass the second factor")


class BoardMember(SignedIn):
    fixed_count = int(os.environ.get("LOAD_BOARD_MEMBERS", "70"))
    username = os.environ.get("LOAD_BOARD_USER", "cllr.board")
    key = os.environ.get("LOAD_BOARD_KEY", "")

    def on_start(self):
        super().on_start()
        dashboard = self.client.get("/reports/", name="/reports/ (dashboard)").text
        self.indicators = sorted(set(INDICATOR.findall(dashboard))) or ["/reports/"]

    @task(5)
    def dashboard(self):
        self.client.get("/reports/", name="/reports/ (dashboard)")

    @task(3)
    def indicator(self):
        self.client.get(random.choice(self.indicators), name="/reports/indicators/<code>/")

    @task(1)
    def meetings(self):
        self.client.get("/meetings/", name="/meetings/")

    @task(1)
    def home(self):
        self.client.get("/", name="/ (home)")


class SocialWorker(SignedIn):
    fixed_count = int(os.environ.get("LOAD_SOCIAL_WORKERS", "20"))
    username = os.environ.get("LOAD_SW_USER", "sw.north")
    key = os.environ.get("LOAD_SW_KEY", "")

    def on_start(self):
        super().on_start()
        caseload = self.client.get("/children/", name="/children/ (caseload)").text
        self.children = sorted(set(CHILD.findall(caseload)))

    @task(3)
    def caseload(self):
        self.client.get("/children/", name="/children/ (caseload)")

    @task(5)
    def child(self):
        if self.children:
            self.client.get(random.choice(self.children), name="/children/<pk>/")
