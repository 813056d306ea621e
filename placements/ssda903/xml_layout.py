"""The SSDA903 return's XML form: which element holds which table's column.

A case system's XML return is one file: the root EXPSSDA903 holds a CHILD element per child;
each CHILD has one HEADER and an EPISODE per episode. The item names are the CSV columns,
except the child's identifier (CHILDID, the CSV's CHILD) and the placement type (PL, the CSV's
PLACE). HEADER holds the Header items and, flat beside them, the UASC flag with its date
(DUC), the care-leaver items (OC3) and the adoption items (AD1); the tables with several rows
per child (reviews, missing episodes, ...) are groups inside HEADER, one element per row.
docs/adr/0013-ssda903-xml-return.md says where this layout comes from and what is ours.
"""

from placements.ssda903 import tables

ROOT = "EXPSSDA903"
CHILD = "CHILD"
HEADER = "HEADER"
EPISODE = "EPISODE"
# CSV column -> element name, where they differ.
ELEMENT_OF = {"CHILD": "CHILDID", "PLACE": "PL"}
COLUMN_OF = {element: column for column, element in ELEMENT_OF.items()}
# The UASC flag: 1 for an unaccompanied asylum-seeking child (a row of the UASC table).
UASC_FLAG = "UASC"
UASC_YES = "1"

# Groups inside HEADER (or, for EPISODE, inside CHILD): one element per row of the table.
GROUPS = {
    EPISODE: tables.EPISODES,
    "AREVIEW": tables.REVIEWS,
    "AMISSING": tables.MISSING,
    "OC2": tables.OC2,
    "PERMANENCE": tables.PREV_PERM,
    "AD_PLACED": tables.PLACED_ADOPTION,
    "SW_EPISODE": tables.SW_EPISODES,
    "DOLO": tables.DOLO,
}
GROUP_OF_TABLE = {table.name: element for element, table in GROUPS.items()}
# The order items are written in, where the public validator's sample return shows it (the
# DfE's schema may make it a sequence); other tables follow their CSV columns.
HEADER_FIRST = ("CHILD", "UPN", "SEX", "DOB", "ETHNIC")  # then UASC, reviews, MOTHER, MC_DOB
ITEM_ORDER = {
    tables.HEADER.name: (*HEADER_FIRST, "MOTHER", "MC_DOB"),
    tables.EPISODES.name: (
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PL_POST",
        "HOME_POST",
        "URN",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
    ),
}
# Tables whose items sit flat in HEADER: at most one row per child.
FLAT = (tables.HEADER, tables.UASC, tables.OC3, tables.AD1)
# Columns every table takes from HEADER rather than from its own items.
FROM_HEADER = ("CHILD", "SEX", "DOB")


def element(column):
    return ELEMENT_OF.get(column, column)


def own_columns(table):
    """The columns a table's row carries in its own elements (not taken from HEADER), in the
    order they are written."""
    if table.name in ITEM_ORDER:
        return ITEM_ORDER[table.name]
    return tuple(c for c in table.columns if c not in FROM_HEADER)


# Item element -> table, for the items allowed flat in HEADER.
HEADER_ITEMS = {element(c): table for table in FLAT for c in own_columns(table)}
HEADER_ITEMS[UASC_FLAG] = tables.UASC
# Group element -> {item element: column}.
GROUP_ITEMS = {name: {element(c): c for c in own_columns(table)} for name, table in GROUPS.items()}
