"""Real postcodes around a chosen council, from the ONS postcode directory.

The synthetic returns place children at real postcodes so that the DfE's postcode rules
(392c, 169, 179) pass and the distance and the placement's area are derived from the two
postcodes as for a council's own return. The council is named by its ONS local authority
district codes (settings.COUNCIL_ONS_CODES, or Leeds when none are set). Postcodes are drawn in
rings by straight-line distance from the council's centre: inside the council, near (outside
it, within 15 miles), mid (22 to 60 miles) and far (70 to 230 miles).
"""

import math
import string
from functools import cache

from placements import postcodes

DEMO_COUNCIL = ("E08000035",)  # Leeds
STRIDE = 37  # every 37th postcode of the directory is enough to draw from
RINGS = {"near": (0.0, 15.0), "mid": (22.0, 60.0), "far": (70.0, 230.0)}
MILES = postcodes.METRES_PER_MILE_DIVISOR


# Council codes issued from April 2023 (Cumberland, Westmorland and Furness, North Yorkshire,
# Somerset; Barnsley and Sheffield recoded): the public validator's list of authorities
# (2021) predates them and reads their postcodes as giving no area (rule 169), so no
# placement is drawn there.
NEWER_THAN_THE_PEERS_LIST = frozenset(
    {"E06000063", "E06000064", "E06000065", "E06000066", "E08000038", "E08000039"}
)


def council():
    return tuple(sorted(postcodes.council_codes())) or DEMO_COUNCIL


@cache
def rings(codes):
    """{ring: tuple of postcodes} around the council with these ONS codes."""
    points = []
    for letter in string.ascii_uppercase:
        data = postcodes._letter(letter)
        for i in range(0, len(data), STRIDE):
            east, north = data.eastings[i], data.northings[i]
            if math.isnan(east) or math.isnan(north):
                continue
            key = data.keys[i * postcodes.KEY_WIDTH : (i + 1) * postcodes.KEY_WIDTH].decode()
            authority = data.authorities[data.authority_index[i]]
            # England only: a provider in Wales has no Ofsted URN (rule 243) where 218 asks one.
            if authority[0] != "E" or authority in NEWER_THAN_THE_PEERS_LIST:
                continue
            points.append((key, east, north, authority))
    inside = [p for p in points if p[3] in codes]
    if not inside:
        raise ValueError(f"No postcodes found for the council {codes}.")
    cx = sum(p[1] for p in inside) / len(inside)
    cy = sum(p[2] for p in inside) / len(inside)
    found = {"inside": tuple(_shown(p[0]) for p in inside)}
    for ring, (low, high) in RINGS.items():
        found[ring] = tuple(
            _shown(p[0])
            for p in points
            if p[3] not in codes and low <= math.hypot(p[1] - cx, p[2] - cy) / MILES <= high
        )
    return found


def _shown(key):
    """The directory's 7-character key as a postcode is written ("LS1 1AA")."""
    compact = key.replace(" ", "")
    return f"{compact[:-3]} {compact[-3:]}"


def postcode(rng, ring):
    return rng.choice(rings(council())[ring])


def inside(code):
    point = postcodes.lookup(code)
    return point is not None and point.local_authority in council()


def distance(home, placement):
    a, b = postcodes.lookup(home), postcodes.lookup(placement)
    if a is None or b is None:
        return ""
    return f"{postcodes.miles_between(a, b):.1f}"
