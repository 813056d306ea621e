"""The SSDA903 tables: their columns per collection year and how councils name their files.

Columns follow the shared reference (shared/reference/ssda903.md) and the sector validator's
``lac_validator/config.py``. Collection years are keyed by the year ending 31 March.
"""

from dataclasses import dataclass, field
from functools import cache
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


def table_for_columns(columns):
    """The table whose columns are all in COLUMNS (the most specific if several), or None.

    This is how the DfE's tools recognise a file: its name does not matter.
    """
    present = set(columns)
    matches = [table for table in TABLES if set(table.columns) <= present]
    return max(matches, key=lambda table: len(table.columns), default=None)


# Columns stored as text, and the model field that stores each: the longest value the
# database takes is that field's max_length, read from the model so there is one place for it.
STORED_IN = {
    "CHILD": "children.Child.local_id",
    "SEX": "children.Child.sex",
    "ETHNIC": "children.Child.ethnicity",
    "UPN": "children.Child.upn",
    "RNE": "placements.PeriodOfCare.opening_rne",
    "LS": "placements.LegalStatus.legal_status",
    "CIN": "placements.LegalStatus.category_of_need",
    "PLACE": "placements.Placement.placement_type",
    "PLACE_PROVIDER": "placements.Placement.provider",
    "REC": "placements.PeriodOfCare.reason_ceased",
    "REASON_PLACE_CHANGE": "placements.Placement.reason_for_change",
    "HOME_POST": "placements.Placement.home_postcode",
    "PL_POST": "placements.Placement.postcode",
    "URN": "placements.Placement.urn",
    "REVIEW_CODE": "children.Review.participation",
    "SDQ_REASON": "children.AnnualOutcome.sdq_reason",
    "IN_TOUCH": "children.CareLeaverContact.in_touch",
    "ACTIV": "children.CareLeaverContact.activity",
    "ACCOM": "children.CareLeaverContact.accommodation",
    "NB_ADOPTR": "placements.PermanencePlan.number_of_adopters",
    "SEX_ADOPTR": "placements.PermanencePlan.sex_of_adopters",
    "LS_ADOPTR": "placements.PermanencePlan.legal_status_of_adopters",
    "REASON_PLACED_CEASED": "placements.PermanencePlan.no_longer_placed_reason",
    "PREV_PERM": "placements.PreviousPermanence.previous_permanence",
    "LA_PERM": "placements.PreviousPermanence.local_authority",
    "DATE_PERM": "placements.PreviousPermanence.date_text",
    "MISSING": "children.MissingEpisode.kind",
    "SW_ID": "children.Allocation.worker_ref",
    "SW_REASON": "children.Allocation.start_reason",
}
# Dates are dd/mm/YYYY.
DATE_LENGTH = 10


@cache
def max_lengths():
    """{column: longest value the database stores} for the columns stored as text."""
    # Imported here: this module is read while the apps' models are still loading.
    from children import models as children_models
    from placements import models as placements_models

    modules = {"children": children_models, "placements": placements_models}
    limits = {}
    for column, dotted in STORED_IN.items():
        app_label, model, name = dotted.split(".")
        field = getattr(modules[app_label], model)._meta.get_field(name)
        if field.max_length:
            limits[column] = field.max_length
    return limits
