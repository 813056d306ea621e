"""The SSDA903 tables: their columns per collection year and how councils name their files.

Columns follow the shared reference (shared/reference/ssda903.md) and the sector validator's
``lac_validator/config.py``. Collection years are keyed by the year ending 31 March.
"""

from dataclasses import dataclass, field
from pathlib import Path

from placements.codes import COLLECTION_YEARS


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    required: bool = False
    first_year: int = COLLECTION_YEARS[0]
    # Columns a council may add and we keep (never required).
    optional_columns: tuple[str, ...] = field(default=())

    def columns_for(self, year):
        return self.columns if year >= self.first_year else ()


HEADER = Table("Header", ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"), True)
EPISODES = Table(
    "Episodes",
    (
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    ),
    True,
    optional_columns=("PL_DISTANCE", "PL_LOCATION"),
)
UASC = Table("UASC", ("CHILD", "SEX", "DOB", "DUC"))
REVIEWS = Table("Reviews", ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"))
OC2 = Table(
    "OC2",
    (
        "CHILD",
        "DOB",
        "SDQ_SCORE",
        "SDQ_REASON",
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ),
)
OC3 = Table("OC3", ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"))
AD1 = Table(
    "AD1",
    (
        "CHILD",
        "DOB",
        "DATE_INT",
        "DATE_MATCH",
        "FOSTER_CARE",
        "NB_ADOPTR",
        "SEX_ADOPTR",
        "LS_ADOPTR",
    ),
)
PLACED_ADOPTION = Table(
    "PlacedAdoption", ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED")
)
PREV_PERM = Table("PrevPerm", ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"))
MISSING = Table("Missing", ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"))
SW_EPISODES = Table(
    "SWEpisodes", ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"), first_year=2024
)
DOLO = Table("DoLo", ("CHILD", "DOB", "DOLO_START", "DOLO_END"), first_year=2027)

TABLES = (
    HEADER,
    EPISODES,
    UASC,
    REVIEWS,
    OC2,
    OC3,
    AD1,
    PLACED_ADOPTION,
    PREV_PERM,
    MISSING,
    SW_EPISODES,
    DOLO,
)
# File stem (lower case, without separators) -> table. Councils' systems write "header.csv",
# "Header.csv", "placed_adoption.csv", "SW-Episodes.csv" and so on.
_STEMS = {table.name.lower(): table for table in TABLES}


def _normalise(stem):
    return "".join(ch for ch in stem.lower() if ch.isalnum())


def table_for_file(path):
    """The table a CSV file holds, by its name (case and separators ignored), or None."""
    path = Path(path)
    if path.suffix.lower() != ".csv":
        return None
    return _STEMS.get(_normalise(path.stem))


def file_name(table):
    return f"{table.name.lower()}.csv"
