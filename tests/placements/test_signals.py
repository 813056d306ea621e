"""placements.signals.import_committed: sent once an import has committed, never otherwise."""

from io import StringIO

import pytest
from django.core.management import call_command

from placements.models import ImportRun
from placements.signals import import_committed
from reports.receivers import dashboard_cache_warm_enqueue
from tests.placements.ssda903_helpers import FIXTURES

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit callbacks run for real

Y2025 = str(FIXTURES / "2025")


@pytest.fixture
def heard():
    calls = []

    def listen(sender, **kwargs):
        calls.append(kwargs)

    import_committed.connect(listen, dispatch_uid="test-listen")
    yield calls
    import_committed.disconnect(dispatch_uid="test-listen")


def test_an_import_announces_its_run_and_years_after_commit(heard):
    call_command("import_ssda903", Y2025, stdout=StringIO())
    assert len(heard) == 1
    assert heard[0]["run"] == ImportRun.objects.get()
    assert heard[0]["years"] == [2025]


def test_a_dry_run_announces_nothing(heard):
    call_command("import_ssda903", Y2025, "--dry-run", stdout=StringIO())
    assert heard == []


def test_the_reports_app_listens_from_its_app_config():
    receivers = [entry[1]() for entry in import_committed.receivers]  # (key, weakref, ...)
    assert dashboard_cache_warm_enqueue in receivers
