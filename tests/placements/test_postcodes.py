"""Distance from home and inside/outside the area from the ONS postcode directory."""

from decimal import Decimal

import pytest

from placements.codes import DistanceBasis
from placements.postcodes import (
    PostcodePoint,
    lookup,
    miles_between,
    normalise,
    placement_location,
)

WESTMINSTER = "SW1A 2AA"  # E09000033
MANCHESTER = "M1 1AE"  # E08000003
SHEFFIELD = "S1 2HE"  # E08000039


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("s1 2he", "S1  2HE"),
        (" SW1A2AA ", "SW1A2AA"),
        ("M1  1AE", "M1  1AE"),
        ("LS1 4AP", "LS1 4AP"),
        ("LS1 1", ""),  # a postcode sector is not a postcode
        ("", ""),
        ("NOT A POSTCODE", ""),
    ],
)
def test_postcodes_are_read_in_the_directory_form(typed, key):
    assert normalise(typed) == key


def test_a_known_postcode_has_a_grid_reference_and_local_authority():
    point = lookup(SHEFFIELD)
    assert point.local_authority == "E08000039"
    assert (point.easting, point.northing) == (435393.0, 387336.0)


@pytest.mark.parametrize("postcode", ["ZX1 2AB", "LS1 1", ""])
def test_an_unknown_or_partial_postcode_is_not_found(postcode):
    assert lookup(postcode) is None


def test_miles_are_the_straight_line_over_1609_3_metres_to_one_decimal():
    home = PostcodePoint("A", 400000.0, 300000.0, "X")
    # 3 km east and 4 km north: 5 km = 3.1 miles
    assert miles_between(home, PostcodePoint("B", 403000.0, 304000.0, "X")) == Decimal("3.1")
    # exactly 20 miles (20 * 1609.3 m) stays 20.0: not more than 20
    twenty = PostcodePoint("C", 400000.0 + 20 * 1609.3, 300000.0, "X")
    assert miles_between(home, twenty) == Decimal("20.0")
    just_over = PostcodePoint("D", 400000.0 + 20.05 * 1609.3 + 1, 300000.0, "X")
    assert miles_between(home, just_over) == Decimal("20.1")


def test_real_postcodes_give_distance_and_local_authority(settings):
    settings.COUNCIL_ONS_CODES = ("E08000003",)
    location = placement_location(home_postcode=WESTMINSTER, postcode=MANCHESTER)
    assert location.distance_miles == Decimal("163.1")
    assert location.distance_basis == DistanceBasis.POSTCODES
    assert location.placement_la == "E08000003"
    assert location.inside_area is True
    away = placement_location(home_postcode=MANCHESTER, postcode=SHEFFIELD)
    assert away.inside_area is False


def test_postcodes_win_over_a_recorded_distance_and_area(settings):
    settings.COUNCIL_ONS_CODES = ("E08000003",)
    location = placement_location(
        home_postcode=WESTMINSTER,
        postcode=MANCHESTER,
        recorded_distance=Decimal("2.0"),
        recorded_inside=False,
    )
    assert (location.distance_miles, location.inside_area) == (Decimal("163.1"), True)


def test_without_the_council_codes_the_recorded_area_is_kept(settings):
    settings.COUNCIL_ONS_CODES = ()
    location = placement_location(
        home_postcode=WESTMINSTER, postcode=MANCHESTER, recorded_inside=False
    )
    assert location.inside_area is False
    assert location.placement_la == "E08000003"


@pytest.mark.parametrize(
    ("home", "placement", "basis"),
    [
        (WESTMINSTER, "", DistanceBasis.NO_PLACEMENT_POSTCODE),
        (WESTMINSTER, "ZX1 2AB", DistanceBasis.PLACEMENT_POSTCODE_UNKNOWN),
        ("", MANCHESTER, DistanceBasis.NO_HOME_POSTCODE),
        ("ZZ9 9ZZ", MANCHESTER, DistanceBasis.HOME_POSTCODE_UNKNOWN),
    ],
)
def test_a_missing_or_unknown_postcode_says_why_the_distance_is_unknown(home, placement, basis):
    location = placement_location(home_postcode=home, postcode=placement)
    assert location.distance_miles is None
    assert location.distance_basis == basis


def test_a_recorded_distance_is_used_only_when_the_postcodes_cannot_be():
    location = placement_location(
        home_postcode="ZX1 1AB", postcode="ZX2 2AB", recorded_distance=Decimal("12.5")
    )
    assert location.distance_miles == Decimal("12.5")
    assert location.distance_basis == DistanceBasis.RECORDED


def as_bytes(letter):
    """A letter's contents, compared byte for byte (a postcode with no grid reference is NaN)."""
    arrays = (letter.eastings, letter.northings, letter.authority_index)
    return (letter.keys, *(a.tobytes() for a in arrays), letter.authorities)


def test_a_letter_is_kept_on_disk_and_read_back_the_same(settings, tmp_path):
    from placements import postcodes

    settings.POSTCODE_CACHE_DIR = tmp_path
    postcodes._letter.cache_clear()
    postcodes.lookup.cache_clear()
    built = postcodes._letter("S")
    cached = postcodes._cache_path("S")
    assert cached.is_relative_to(tmp_path) and cached.stat().st_size > 100_000
    assert as_bytes(postcodes._read_cached(cached)) == as_bytes(built)

    cached.write_bytes(cached.read_bytes()[:-10])  # cut short: rebuilt, not misread
    postcodes._letter.cache_clear()
    postcodes.lookup.cache_clear()
    assert lookup(SHEFFIELD) == lookup.__wrapped__(SHEFFIELD)
    assert as_bytes(postcodes._read_cached(cached)) == as_bytes(built)
    postcodes._letter.cache_clear()
    postcodes.lookup.cache_clear()
