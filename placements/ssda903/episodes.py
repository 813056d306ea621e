"""SSDA903 episodes <-> the case record's periods of care, legal statuses and placements.

An episode is one row of the Episodes table: a stretch with one legal status and one
placement. `build_rows` turns a child's episodes into rows (the importer's direction);
`child_episodes` turns rows back into episodes (the exporter's), following the rules in the
`placements.models` docstring:

- a period of care starts with RNE S and ends with a REC other than X1; a period whose first
  episode we hold is not S (a yearly file that starts mid-period) keeps that RNE in
  `PeriodOfCare.opening_rne`;
- a legal status row starts with RNE S, L, B or U; a row with the same code at a P or T change
  records a change of category of need;
- a placement row starts with RNE S, P, T, B or U; `new_carer` is off for T and U;
- `Placement.reason_for_change` is REASON_PLACE_CHANGE of the episode where that placement ends.
"""

from collections import namedtuple
from itertools import groupby
from typing import NamedTuple

from placements import codes
from placements.postcodes import placement_location

X1 = codes.EPISODE_CONTINUES


class Episode:
    """One Episodes row, with typed values. `row` is the CSV line it came from (or None)."""

    __slots__ = (
        "child",
        "decom",
        "rne",
        "ls",
        "cin",
        "place",
        "provider",
        "dec",
        "rec",
        "rpc",
        "home_post",
        "pl_post",
        "urn",
        "distance",
        "inside",
        "row",
    )

    def __init__(
        self,
        child=None,
        decom=None,
        rne=None,
        ls=None,
        cin=None,
        place=None,
        provider=None,
        dec=None,
        rec=None,
        rpc=None,
        home_post=None,
        pl_post=None,
        urn=None,
        distance=None,
        inside=None,
        row=None,
    ):
        self.child, self.decom, self.rne, self.ls, self.cin = child, decom, rne, ls, cin
        self.place, self.provider, self.dec, self.rec, self.rpc = place, provider, dec, rec, rpc
        self.home_post, self.pl_post, self.urn = home_post, pl_post, urn
        self.distance, self.inside, self.row = distance, inside, row

    def key(self):
        return tuple(getattr(self, name) for name in self.__slots__[1:-1])

    def placement_values(self):
        """What the DfE compares to tell a change of placement (rules 434-436)."""
        return (self.place, self.provider, self.pl_post, self.urn)

    def __repr__(self):
        return f"Episode({self.child} {self.decom} {self.rne} {self.ls} {self.place})"


# Rows compared by the importer. `period` is the start date of the period of care the row
# belongs to, so rows can be compared before the period has an id.
PeriodRow = namedtuple("PeriodRow", "start end reason_ceased opening_rne")
LegalStatusRow = namedtuple("LegalStatusRow", "period start end legal_status category_of_need")
PlacementRow = namedtuple(
    "PlacementRow",
    "period start end placement_type provider new_carer postcode home_postcode urn "
    "distance_miles inside_area placement_la distance_basis reason_for_change",
)


class ChildRows(NamedTuple):
    """One child's periods of care, legal statuses and placements, as rows."""

    periods: list
    legal_statuses: list
    placements: list


class HeldRows(NamedTuple):
    """One child's rows as held in the database, with each row's primary key by start date."""

    rows: ChildRows
    period_ids: dict
    legal_status_ids: dict
    placement_ids: dict


NOTHING_HELD = HeldRows(ChildRows([], [], []), {}, {}, {})


def build_rows(episodes):
    """A child's validated episodes (sorted by DECOM) -> (periods, legal statuses, placements)."""
    periods, statuses, placements = [], [], []
    period = status = placement = None
    previous = None
    for ep in episodes:
        continues = previous is not None and previous.rec == X1 and ep.rne != "S"
        if not continues:
            period = {
                "start": ep.decom,
                "end": None,
                "reason_ceased": "",
                "opening_rne": "" if ep.rne == "S" else ep.rne,
            }
            periods.append(period)
            status = _status(period, ep)
            statuses.append(status)
            placement = _placement(period, ep, new_carer=True)
            placements.append(placement)
        else:
            if ep.rne in codes.LEGAL_CHANGE or ep.cin != status["category_of_need"]:
                status["end"] = ep.decom
                status = _status(period, ep)
                statuses.append(status)
            if ep.rne in codes.PLACEMENT_CHANGE:
                placement["end"] = ep.decom
                placement["reason_for_change"] = previous.rpc or ""
                placement = _placement(period, ep, new_carer=ep.rne in codes.NEW_CARER)
                placements.append(placement)
            else:
                # A later year's file may recode the placement type (rule 503D) or add the
                # distance or location of a continuing placement (used only where the
                # postcodes cannot be).
                placement["placement_type"] = ep.place
                if ep.distance is not None or ep.inside is not None:
                    placement.update(
                        placement_location(
                            home_postcode=placement["home_postcode"],
                            postcode=placement["postcode"],
                            recorded_distance=ep.distance,
                            recorded_inside=ep.inside,
                        ).as_fields()
                    )
        if ep.rec and ep.rec != X1:
            period["end"] = status["end"] = placement["end"] = ep.dec
            period["reason_ceased"] = ep.rec
        previous = ep
    # The dicts are built with their keys in the rows' field order (see _status, _placement).
    return ChildRows(
        [PeriodRow._make(p.values()) for p in periods],
        [LegalStatusRow._make(s.values()) for s in statuses],
        [PlacementRow._make(p.values()) for p in placements],
    )


def _status(period, ep):
    return {
        "period": period["start"],
        "start": ep.decom,
        "end": None,
        "legal_status": ep.ls,
        "category_of_need": ep.cin,
    }


def _placement(period, ep, *, new_carer):
    return {
        "period": period["start"],
        "start": ep.decom,
        "end": None,
        "placement_type": ep.place,
        "provider": ep.provider,
        "new_carer": new_carer,
        "postcode": ep.pl_post,
        "home_postcode": ep.home_post,
        "urn": ep.urn,
        **placement_location(
            home_postcode=ep.home_post,
            postcode=ep.pl_post,
            recorded_distance=ep.distance,
            recorded_inside=ep.inside,
        ).as_fields(),
        "reason_for_change": "",
    }


def child_episodes(child, periods, statuses, placements):
    """Rows of one child (PeriodRow, LegalStatusRow, PlacementRow, any order) -> episodes."""
    episodes = []
    by_period_ls = _by_period(statuses)
    by_period_pl = _by_period(placements)
    for period in sorted(periods, key=lambda p: p.start):
        period_ls = by_period_ls.get(period.start, [])
        period_pl = by_period_pl.get(period.start, [])
        boundaries = []
        last_code = None
        ls_starts = {}
        for row in period_ls:
            ls_starts[row.start] = row.legal_status != last_code or row.start == period.start
            last_code = row.legal_status
        pl_starts = {row.start for row in period_pl}
        for day in sorted(set(ls_starts) | pl_starts):
            if day == period.start or ls_starts.get(day) or day in pl_starts:
                boundaries.append(day)
        for i, day in enumerate(boundaries):
            ls = _row_on(period_ls, day)
            pl = _row_on(period_pl, day)
            following = boundaries[i + 1] if i + 1 < len(boundaries) else None
            if day == period.start:
                rne = period.opening_rne or "S"
            else:
                legal = bool(ls_starts.get(day))
                moved = day in pl_starts
                carer = pl.new_carer if pl else True
                if legal and moved:
                    rne = "B" if carer else "U"
                elif legal:
                    rne = "L"
                else:
                    rne = "P" if carer else "T"
            if following:
                dec, rec = following, X1
                rpc = pl.reason_for_change if pl and following in pl_starts else ""
            else:
                dec, rec, rpc = period.end, period.reason_ceased, ""
            episodes.append(
                Episode(
                    child=child,
                    decom=day,
                    rne=rne,
                    ls=ls.legal_status if ls else "",
                    cin=ls.category_of_need if ls else "",
                    place=pl.placement_type if pl else "",
                    provider=pl.provider if pl else "",
                    dec=dec,
                    rec=rec,
                    rpc=rpc or "",
                    home_post=pl.home_postcode if pl else "",
                    pl_post=pl.postcode if pl else "",
                    urn=pl.urn if pl else "",
                    # A distance worked out from the postcodes is not written back as the
                    # non-standard PL_DISTANCE: the postcodes carry it.
                    distance=(
                        pl.distance_miles
                        if pl and pl.distance_basis != codes.DistanceBasis.POSTCODES
                        else None
                    ),
                    inside=pl.inside_area if pl else None,
                )
            )
    return episodes


def _by_period(rows):
    grouped = {}
    for row in sorted(rows, key=lambda r: r.start):
        grouped.setdefault(row.period, []).append(row)
    return grouped


def _row_on(rows, day):
    found = None
    for row in rows:
        if row.start <= day:
            found = row
        else:
            break
    return found


# ---------------------------------------------------------------------------------------------
# Reading rows from the database
# ---------------------------------------------------------------------------------------------


def load_rows(child_ids=None):
    """{child_id: HeldRows} for the children given (or all). One query per table."""
    from placements.models import LegalStatus, PeriodOfCare, Placement

    result = {}
    for child_id, rows in _stream_rows(child_ids, PeriodOfCare, LegalStatus, Placement):
        result[child_id] = rows
    return result


def _filtered(model, child_ids):
    qs = model.objects.order_by("child_id", "start")
    if child_ids is not None:
        qs = qs.filter(child_id__in=list(child_ids))
    return qs


def _stream_rows(child_ids, PeriodOfCare, LegalStatus, Placement):
    period_fields = ("id", "child_id", "start", "end", "reason_ceased", "opening_rne")
    ls_fields = (
        "id",
        "child_id",
        "period__start",
        "start",
        "end",
        "legal_status",
        "category_of_need",
    )
    pl_fields = (
        "id",
        "child_id",
        "period__start",
        "start",
        "end",
        "placement_type",
        "provider",
        "new_carer",
        "postcode",
        "home_postcode",
        "urn",
        "distance_miles",
        "inside_area",
        "placement_la",
        "distance_basis",
        "reason_for_change",
    )
    periods = groupby(
        _filtered(PeriodOfCare, child_ids).values_list(*period_fields).iterator(5000),
        key=lambda r: r[1],
    )
    statuses = groupby(
        _filtered(LegalStatus, child_ids).values_list(*ls_fields).iterator(5000),
        key=lambda r: r[1],
    )
    placements = groupby(
        _filtered(Placement, child_ids).values_list(*pl_fields).iterator(5000),
        key=lambda r: r[1],
    )
    ls_next = next(statuses, None)
    pl_next = next(placements, None)
    # Each query's rows are (id, child_id, *the row's fields), ordered by child and start.
    for child_id, period_rows in periods:
        held = HeldRows(ChildRows([], [], []), {}, {}, {})
        for pk, _child, *values in period_rows:
            row = PeriodRow(*values)
            held.rows.periods.append(row)
            held.period_ids[row.start] = pk
        while ls_next is not None and ls_next[0] <= child_id:
            if ls_next[0] == child_id:
                for pk, _child, *values in ls_next[1]:
                    row = LegalStatusRow(*values)
                    held.rows.legal_statuses.append(row)
                    held.legal_status_ids[row.start] = pk
            ls_next = next(statuses, None)
        while pl_next is not None and pl_next[0] <= child_id:
            if pl_next[0] == child_id:
                for pk, _child, *values in pl_next[1]:
                    row = PlacementRow(*values)
                    held.rows.placements.append(row)
                    held.placement_ids[row.start] = pk
            pl_next = next(placements, None)
        yield child_id, held


def derive(child_ids=None):
    """Yield (child_id, episodes) from the database, child by child, streaming."""
    from placements.models import LegalStatus, PeriodOfCare, Placement

    for child_id, held in _stream_rows(child_ids, PeriodOfCare, LegalStatus, Placement):
        yield child_id, child_episodes(child_id, *held.rows)
