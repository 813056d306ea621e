import datetime

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction
from placements.models import LegalStatus
from reports.values import data_fingerprint, values_on
from tests.reports.dash_factories import looked_after_child

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def start():
    return timezone.localdate() - datetime.timedelta(days=100)


def test_a_new_child_changes_the_fingerprint_and_the_cached_figures():
    looked_after_child(start=start())
    today = timezone.localdate()
    before = values_on(today, fingerprint=data_fingerprint())["CLA_COUNT"]

    looked_after_child(start=start())
    after = values_on(today, fingerprint=data_fingerprint())["CLA_COUNT"]

    assert (before.numerator, after.numerator) == (1, 2)


def test_an_audited_bulk_update_changes_the_fingerprint(make_user):
    child = looked_after_child(start=start())
    fingerprint = data_fingerprint()

    with transaction.atomic():
        LegalStatus.objects.filter(child=child).update(end=timezone.localdate())
        audit_record(actor=make_user(), action=AuditAction.CHANGE, child=child)

    assert data_fingerprint() != fingerprint


def test_reading_a_record_does_not_change_the_fingerprint(make_user):
    child = looked_after_child(start=start())
    fingerprint = data_fingerprint()

    audit_record(actor=make_user(), action=AuditAction.VIEW, child=child)

    assert data_fingerprint() == fingerprint


def test_the_fingerprint_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        data_fingerprint()


def test_rows_inserted_without_signals_or_audit_still_change_the_fingerprint():
    from children.models import Child, Review

    child = looked_after_child(start=start())
    before = data_fingerprint()
    Review.objects.bulk_create(
        [Review(child=child, date=timezone.localdate(), participation="PN1")]
    )
    assert data_fingerprint() != before
    assert Child.objects.count() == 1
