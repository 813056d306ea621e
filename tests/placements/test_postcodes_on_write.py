"""The derived distance and area are stored when a placement is written: forms and import."""

import shutil
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from corporate_parenting.roles import Role
from placements.codes import DistanceBasis
from placements.models import Placement
from reports.indicators import compute
from reports.indicators.periods import Period
from tests.factories import ChildFactory
from tests.placements.ssda903_helpers import FIXTURES
from tests.placements.test_services import change, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(make_user, team):
    return make_user(Role.SOCIAL_WORKER, team=team)


@pytest.fixture
def child(team):
    return ChildFactory(team=team, date_of_birth=date(2014, 6, 1))


@pytest.fixture(autouse=True)
def council(settings):
    settings.COUNCIL_ONS_CODES = ("E08000035",)  # Leeds


def test_a_placement_started_on_the_form_stores_distance_and_area(child, worker):
    period = start(child, worker, home_postcode="LS1 4AP", postcode="M1 1AE")
    placement = period.placements.get()
    assert placement.distance_basis == DistanceBasis.POSTCODES
    assert placement.placement_la == "E08000003"
    assert placement.inside_area is False
    assert placement.distance_miles == Decimal("35.1")


def test_a_change_of_placement_keeps_the_home_postcode_and_works_out_the_new_distance(
    child, worker
):
    first = start(child, worker, home_postcode="LS1 4AP", postcode="M1 1AE").placements.get()
    new = change(first, worker, postcode="LS2 9JT")
    assert new.home_postcode == "LS1 4AP"
    assert new.inside_area is True
    assert new.distance_basis == DistanceBasis.POSTCODES
    assert new.distance_miles < Decimal("2")


def test_correcting_the_postcode_works_the_distance_out_again(child, worker):
    from placements import services

    placement = start(child, worker, home_postcode="LS1 4AP", postcode="M1 1AE").placements.get()
    services.placement_update(
        placement=placement,
        changes={"postcode": "ZX1 2AB"},
        expected_version=placement.version,
        actor=worker,
    )
    placement.refresh_from_db()
    assert placement.distance_miles is None  # the worked-out 36 miles is not kept
    assert placement.distance_basis == DistanceBasis.PLACEMENT_POSTCODE_UNKNOWN


def test_an_unknown_postcode_with_a_typed_distance_keeps_it_as_recorded(child, worker):
    period = start(child, worker, postcode="ZX1 2AB", distance_miles=Decimal("4.5"))
    placement = period.placements.get()
    assert placement.distance_miles == Decimal("4.5")
    assert placement.distance_basis == DistanceBasis.RECORDED


def test_a_standard_return_without_pl_distance_gets_distances_from_postcodes(tmp_path):
    folder = tmp_path / "2025"
    shutil.copytree(FIXTURES / "2025", folder)
    episodes = folder / "episodes.csv"
    text = episodes.read_text().replace(",LS1 1AA,LS2 3AA,", ",LS1 4AP,M1 1AE,")
    assert "PL_DISTANCE" not in text.splitlines()[0]
    episodes.write_text(text)
    call_command("import_ssda903", str(folder), stdout=StringIO(), stderr=StringIO())

    derived = Placement.objects.get(child__local_id="C001", start=date(2024, 5, 15))
    assert derived.distance_miles == Decimal("35.1")
    assert derived.distance_basis == DistanceBasis.POSTCODES
    assert derived.inside_area is False
    nearby = Placement.objects.get(child__local_id="C001", start=date(2024, 9, 10))
    assert nearby.distance_miles == Decimal("1.9")  # LS1 1AA to LS6 2AA
    assert nearby.distance_basis == DistanceBasis.POSTCODES


def test_over_20_miles_counts_worked_out_distances_and_says_why_others_are_unknown(child, worker):
    start(child, worker, home_postcode="LS1 4AP", postcode="M1 1AE", start=date(2025, 5, 1))
    for postcode in ("", "ZX1 2AB"):
        other = ChildFactory(team=child.team, date_of_birth=date(2014, 6, 1))
        start(other, worker, home_postcode="LS1 4AP", postcode=postcode, start=date(2025, 5, 1))

    iv = compute("PLACED_OVER_20_MILES", Period.as_at(date(2026, 3, 31)))

    assert (iv.numerator, iv.denominator) == (1, 1)
    rows = {row.label: row.numerator for row in iv.breakdown("distance_known").rows}
    assert rows == {
        "More than 20 miles": 1,
        "20 miles or less": 0,
        "Not known: no placement postcode": 1,
        "Not known: placement postcode not found": 1,
    }
    assert iv.extra["distance_unknown"] == 2
