import pytest
from django.core.cache import cache
from django.utils import timezone

from reports import values
from reports.tasks import dashboard_cache_warm

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_fills_the_dashboard_cache_for_today(celery_worker):
    today = timezone.localdate()
    fingerprint = values.data_fingerprint()
    assert cache.get(values._key("live", today, fingerprint)) is None

    assert dashboard_cache_warm.delay().get(timeout=60) == today.isoformat()

    cached = cache.get(values._key("live", today, fingerprint))
    assert cached is not None
    assert "CLA_COUNT" in cached
