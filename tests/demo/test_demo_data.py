"""demo_data: imports a synthetic council and gives the demo users caseloads, once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from children.models import Child
from corporate_parenting.models import User
from placements.models import ImportRun

pytestmark = pytest.mark.django_db


def test_demo_data_imports_and_allocates_once(capsys, settings, tmp_path):
    settings.BASE_DIR = tmp_path  # the demo password file goes to tmp_path/var, not the checkout
    call_command("demo_setup", stdout=StringIO())  # users and teams; its demo_data is the big one
    assert ImportRun.objects.filter(status=ImportRun.Status.IMPORTED).count() == 1
    north = User.objects.get(username="sw.north")
    south = User.objects.get(username="sw.south")
    adviser = User.objects.get(username="pa.leaving")
    assert Child.objects.filter(social_worker=north).count() == 22
    assert Child.objects.filter(social_worker=south).count() == 22
    assert 1 <= Child.objects.filter(personal_adviser=adviser).count() <= 22
    today = timezone.localdate()
    looked_after = Child.objects.looked_after_on(today)
    assert not looked_after.filter(team__isnull=True).exists()
    assert not looked_after.filter(team=adviser.team).exists()
    out = StringIO()
    call_command("demo_data", stdout=out)
    assert "nothing to do" in out.getvalue()
    assert ImportRun.objects.count() == 1
