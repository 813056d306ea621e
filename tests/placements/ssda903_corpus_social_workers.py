"""Broken returns for the DfE's rules on social worker episodes (SWEpisodes).

The fixture year 2024-25 holds three social worker episodes: C001's first worker (row 1, from
15/05/2024 to 01/01/2025, FCONTA) and the one after (row 2, from 01/01/2025, LEFTRL), and
C002's (row 3, from 01/02/2022, looked after since then). In 2025-26 (for the rules that came
in then) C002's first worker leaves on 01/05/2025 (row 2) and the next begins that day (row 3).
`WHERE` says on which file, line and column each case's finding must be.
"""

from tests.placements.ssda903_corpus import Case, s

SW = "swepisodes.csv"

CASES = [
    Case(
        "SW04STG1",
        (s(SW, 1, "SW_DECOM", "31/02/2024"),),
        (s(SW, 1, "SW_DECOM", "29/02/2024"),),
        "no 31 February; 29 February 2024 is a date",
    ),
    Case(
        "SW05STG1",
        (s(SW, 1, "SW_DEC", "1/1/2025"),),
        (s(SW, 1, "SW_DEC", "31/12/2024"),),
        "the date written without leading zeros",
    ),
    Case(
        "SW06STG2",
        (s(SW, 2, "SW_DECOM", "01/04/2025"),),
        (s(SW, 2, "SW_DECOM", "31/03/2025"),),
        "begins after 31 March; on 31 March is in the year",
    ),
    Case(
        "SW07STG2",
        (s(SW, 3, "SW_DEC", "31/03/2023"),),
        (s(SW, 3, "SW_DEC", "01/04/2023"),),
        "ends before the previous collection year began; on its first day is enough",
    ),
    Case(
        "SW10aSTG2",
        (s(SW, 3, "SW_DECOM", "09/05/2025"),),
        (s(SW, 3, "SW_DECOM", "08/05/2025"),),
        "a change of worker 8 days after the one before ended; 7 days is within",
        2026,
    ),
    Case(
        "SW10bSTG2",
        (s(SW, 2, "SW_DEC", "02/05/2025"), s(SW, 3, "SW_REASON", "FCONTA")),
        (s(SW, 3, "SW_DECOM", "10/05/2025"), s(SW, 3, "SW_REASON", "FCONTA")),
        "first contact while the worker before was still allocated; after a gap is fine",
        2026,
    ),
    Case(
        "SW11bSTG2",
        (s(SW, 2, "SW_DEC", "26/03/2025"),),
        (s(SW, 2, "SW_DEC", "25/03/2025"),),
        "the last episode ended five days before 31 March; six days before is not asked",
    ),
    Case(
        "SW12STG2",
        (s(SW, 3, "SW_DECOM", "02/04/2024"),),
        (s(SW, 3, "SW_DECOM", "01/04/2024"),),
        "C002, looked after all year, has no social worker reported on 1 April",
    ),
    Case(
        "SW13STG1",
        (s(SW, 2, "SW_REASON", ""),),
        (s(SW, 3, "SW_REASON", ""),),
        "no reason for an episode begun in 2025; none needed for one begun in 2022",
    ),
]

# (file, line, column) of each case's finding; lines count the header as line 1.
WHERE = {
    "SW04STG1": (SW, 2, "SW_DECOM"),
    "SW05STG1": (SW, 2, "SW_DEC"),
    "SW06STG2": (SW, 3, "SW_DECOM"),
    "SW07STG2": (SW, 4, "SW_DEC"),
    "SW10aSTG2": (SW, 4, "SW_DECOM"),
    "SW10bSTG2": (SW, 4, "SW_DECOM"),
    "SW11bSTG2": (SW, 3, "SW_DEC"),
    "SW12STG2": ("episodes.csv", 5, "DECOM"),
    "SW13STG1": (SW, 3, "SW_REASON"),
}
