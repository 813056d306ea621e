"""demo_reports: population, targets and labelled comparators for the demo, set once."""

import io

import pytest
from django.core.management import call_command

from reports.models import Benchmark, PopulationEstimate, Target


@pytest.mark.django_db
def test_demo_reports_sets_population_targets_and_labelled_comparators_once():
    call_command("demo_reports", stdout=io.StringIO())
    call_command("demo_reports", stdout=io.StringIO())

    assert PopulationEstimate.objects.count() == 1
    assert Target.objects.filter(code="STAB_3PLUS").count() == 1
    assert Benchmark.objects.filter(code="CLA_RATE_10K", area="ENGLAND").count() == 1
    assert all("not official statistics" in b.source for b in Benchmark.objects.all())
