"""DfE rules on the social worker episodes (SWEpisodes) across rows and years.

SW_REASON is why an episode began: FCONTA (first contact) begins a child's first episode or
one after a gap; any other reason is a change of worker, so the episode follows on from the
one before. Where the DfE's words leave the reading open we follow the public validator: a
change of worker starts within 7 days either side of the end of the episode before
(SW10aSTG2), a return's social worker period starts a year before the collection year
(SW07STG2), and an episode "ended before 31 March" with none after is one that ended in the
year's last five days (SW11bSTG2); earlier ends are SW17STG2's business for a child still
looked after.
"""

import datetime

from placements import codes
from placements.ssda903.dfe_checks import check

FIRST_CONTACT = "FCONTA"
CHANGE_WINDOW = datetime.timedelta(days=7)
YEAR_END_WINDOW = datetime.timedelta(days=5)


def _by_child(c):
    """Each child's social worker episodes with a start date, in date order (worked out once
    per validation: several checks read it)."""
    by_child = getattr(c, "sw_by_child", None)
    if by_child is None:
        by_child = {}
        for row in c.data.sw:
            if row["start"] is not None:
                by_child.setdefault(row["child"], []).append(row)
        for rows in by_child.values():
            rows.sort(key=lambda r: r["start"])
        c.sw_by_child = by_child
    return by_child


@check("SW06STG2", "SW07STG2")
def episodes_within_the_reporting_period(c):
    """SW06STG2: an episode begins by 31 March; SW07STG2: it ends between the start of the
    previous collection year and 31 March."""
    earliest_end = c.first_day.replace(year=c.first_day.year - 1)
    for row in c.data.sw:
        if row["start"] is not None and row["start"] > c.last_day:
            c.add("SWEpisodes", row["row"], "SW_DECOM", "SW06STG2", f"{row['start']:%d/%m/%Y}")
        end = row["end"]
        if end is not None and not earliest_end <= end <= c.last_day:
            c.add("SWEpisodes", row["row"], "SW_DEC", "SW07STG2", f"{end:%d/%m/%Y}")


@check("SW10aSTG2", "SW10bSTG2")
def changes_of_worker_follow_on(c):
    """SW10aSTG2: a change of worker begins within 7 days of the end of the episode before;
    SW10bSTG2: a first contact begins after it ended."""
    for rows in _by_child(c).values():
        for before, after in zip(rows, rows[1:], strict=False):
            ended = before["end"]
            if after["start_reason"] == FIRST_CONTACT:
                if ended is None or after["start"] < ended:
                    c.add("SWEpisodes", after["row"], "SW_DECOM", "SW10bSTG2", _since(before))
            elif ended is not None and abs(after["start"] - ended) > CHANGE_WINDOW:
                c.add("SWEpisodes", after["row"], "SW_DECOM", "SW10aSTG2", _since(before))


def _since(before):
    end = f"{before['end']:%d/%m/%Y}" if before["end"] else "no end"
    return f"the episode before, from {before['start']:%d/%m/%Y}, has {end}"


@check("SW11bSTG2")
def an_episode_ended_at_the_year_end_is_followed(c):
    """SW11bSTG2: a child's last episode did not end in the last days before 31 March."""
    for rows in _by_child(c).values():
        last = rows[-1]
        if last["end"] is not None and c.last_day - YEAR_END_WINDOW <= last["end"] <= c.last_day:
            c.add("SWEpisodes", last["row"], "SW_DEC", "SW11bSTG2", f"{last['end']:%d/%m/%Y}")


@check("SW12STG2")
def the_whole_year_is_reported_for_children_looked_after_at_31_march(c):
    """SW12STG2: a child looked after at 31 March (other than in short breaks) has social
    worker episodes from 1 April, or from the day the child's care in the year began."""
    if "SWEpisodes" not in c.data.read:
        return
    by_child = _by_child(c)
    for child, episodes in c.data.episodes.items():
        cared = [
            e
            for e in episodes
            if e.decom is not None
            and e.ls not in codes.SHORT_BREAK
            and e.decom <= c.last_day
            and (e.dec is None or e.dec >= c.first_day)
        ]
        if not any(e.dec is None or e.dec > c.last_day for e in cared):
            continue
        first = min(cared, key=lambda e: e.decom)
        needed_from = max(first.decom, c.first_day)
        rows = by_child.get(child)
        if not rows:
            c.add("Episodes", first.row, "DECOM", "SW12STG2", "no social worker episodes")
        elif rows[0]["start"] > needed_from:
            c.add(
                "Episodes",
                first.row,
                "DECOM",
                "SW12STG2",
                f"the first social worker episode begins {rows[0]['start']:%d/%m/%Y}",
            )
