"""The importer's COPY helpers keep every value exactly."""

import datetime

import pytest
from django.utils import timezone

from children.models import Child
from placements.ssda903 import bulk

pytestmark = pytest.mark.django_db

AWKWARD = ["tab\there", "new\nline", "back\\slash", "cr\rreturn", "\\N", ""]


def test_insert_and_update_keep_awkward_text_nulls_and_defaults():
    now = timezone.now()
    ids = bulk.reserve_ids(Child, len(AWKWARD))
    bulk.insert(
        Child,
        ("id", "local_id", "upn", "date_of_birth", "sex", "ethnicity", "mother"),
        [
            (pk, f"K{i}", text, datetime.date(2010, 1, 1), "F", "WBRI", None)
            for i, (pk, text) in enumerate(zip(ids, AWKWARD, strict=True))
        ],
        now=now,
    )
    children = list(Child.objects.filter(id__in=ids).order_by("local_id"))
    assert [c.upn for c in children] == AWKWARD
    assert all(c.mother is None and c.version == 1 and c.first_name == "" for c in children)
    assert all(c.created_at == now for c in children)

    bulk.update(
        Child,
        ("upn", "mother", "updated_by_id"),
        [(pk, text + "!", True, None) for pk, text in zip(ids, AWKWARD, strict=True)],
        now=now,
        versioned=True,
    )
    children = list(Child.objects.filter(id__in=ids).order_by("local_id"))
    assert [c.upn for c in children] == [text + "!" for text in AWKWARD]
    assert all(c.mother is True and c.version == 2 for c in children)
