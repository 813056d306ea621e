import pytest

from demo.local_measures import MEASURES, MONTHS, load_local_measures
from reports.models import LocalMeasure, LocalMeasureValue, PledgeMeasure
from reports.pledge import pledge_promises

pytestmark = pytest.mark.django_db


def test_demo_local_measures_have_two_years_of_figures_and_evidence_promises():
    assert load_local_measures() == len(MEASURES)
    assert load_local_measures() == 0  # safe to run again
    assert LocalMeasure.objects.count() == len(MEASURES)
    assert LocalMeasureValue.objects.count() == len(MEASURES) * MONTHS
    assert PledgeMeasure.objects.filter(code__startswith="LOCAL_").count() == len(MEASURES)
    identity = next(p for p in pledge_promises() if p.theme == "identity")
    assert all(m.is_local for m in identity.measures) and len(identity.measures) == 2
