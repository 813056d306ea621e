import os

# The sync Playwright API runs an event loop in the test thread; the ORM must still be usable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.test import Client  # noqa: E402

from corporate_parenting.roles import Role  # noqa: E402
from tests.factories import TeamFactory, UserFactory  # noqa: E402
from tests.second_factor import app_for, pass_second_factor  # noqa: E402

PASSWORD = "correct-horse-battery-staple"


def pytest_configure(config):
    """The tests use the demo app (generator, demo data): settings install it when DEMO=1."""
    from django.conf import settings

    if "demo" not in settings.INSTALLED_APPS:
        raise pytest.UsageError("Run the tests with DEMO=1 (make test sets it).")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached indicator values must not leak from one test's data into another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


class VerifiedClient(Client):
    """A test client whose sign-ins also pass the second factor, by entering a real code from
    the user's authenticator app on the code page (tests/second_factor.py)."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        pass_second_factor(self, user)


@pytest.fixture
def client():
    return VerifiedClient()


@pytest.fixture
def make_user(db):
    """make_user(Role.SOCIAL_WORKER, team=...) -> a user with that role, a known password and
    an authenticator app set up (second_factor=False: not set up yet)."""

    def make(*roles, second_factor=True, **kwargs):
        user = UserFactory(**kwargs)
        user.set_password(PASSWORD)
        user.save()
        for role in roles:
            user.groups.add(Group.objects.get_or_create(name=Role(role).label)[0])
        if second_factor:
            app_for(user)
        return user

    return make


@pytest.fixture
def team(db):
    return TeamFactory()


@pytest.fixture(scope="session")
def celery_worker():
    """A real Celery worker, in this process, consuming the test broker (REDIS_URL)."""
    from celery.contrib.testing.worker import start_worker

    from corporate_parenting.celery import app

    app.loader.import_default_modules()
    with start_worker(
        app,
        pool="solo",
        concurrency=1,
        perform_ping_check=False,
        shutdown_timeout=10,
        loglevel="WARNING",
    ) as worker:
        yield worker


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Transactional tests empty every table with TRUNCATE between tests, which the audit table
    refuses (migration corporate_parenting 0005): switch that one trigger off in the test database
    only. tests/corporate_parenting/test_audit_role.py switches it back on to prove it works."""
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE corporate_parenting_auditevent DISABLE TRIGGER audit_event_no_truncate"
        )
