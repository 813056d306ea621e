"""Write a year's SSDA903 tables as the return's XML form (`xml_layout`), one element a line.

Rows are grouped by CHILD in the order of the Header table; a child found in another table
but not in Header still gets a CHILD element, so that nothing is lost. One element a line
keeps the line numbers the reader gives in its errors useful.
"""

from xml.sax.saxutils import escape

from placements.ssda903 import tables, xml_layout

INDENT = "  "


def write(handle, found):
    """Write `found` ({table name: [row, ...]} in each table's columns) to the text handle."""
    by_child = {}
    order = []

    def rows_of(child):
        if child not in by_child:
            by_child[child] = {}
            order.append(child)
        return by_child[child]

    for table in tables.TABLES:
        for row in found.get(table.name, ()):
            rows_of(row[0]).setdefault(table.name, []).append(row)
    handle.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    handle.write(f"<{xml_layout.ROOT}>\n")
    for child in order:
        _child(handle, child, by_child[child])
    handle.write(f"</{xml_layout.ROOT}>\n")


def _child(handle, child, rows):
    out = handle.write
    out(f"{INDENT}<{xml_layout.CHILD}>\n")
    out(f"{INDENT * 2}<{xml_layout.HEADER}>\n")
    header = _first(rows, tables.HEADER) or {"CHILD": child}
    for column in xml_layout.HEADER_FIRST:
        _item(handle, 3, column, header.get(column, ""))
    uasc = _first(rows, tables.UASC)
    if uasc is not None:
        _item(handle, 3, xml_layout.UASC_FLAG, xml_layout.UASC_YES)
        _item(handle, 3, "DUC", uasc["DUC"])
    _groups(handle, rows, tables.REVIEWS)
    _item(handle, 3, "MOTHER", header.get("MOTHER", ""))
    _item(handle, 3, "MC_DOB", header.get("MC_DOB", ""))
    for table in (tables.OC2, tables.MISSING, tables.PREV_PERM, tables.PLACED_ADOPTION):
        _groups(handle, rows, table)
    for table in (tables.OC3, tables.AD1):
        flat = _first(rows, table)
        if flat is not None:
            for column in xml_layout.own_columns(table):
                _item(handle, 3, column, flat[column])
    for table in (tables.SW_EPISODES, tables.DOLO):
        _groups(handle, rows, table)
    out(f"{INDENT * 2}</{xml_layout.HEADER}>\n")
    _groups(handle, rows, tables.EPISODES, depth=2)
    out(f"{INDENT}</{xml_layout.CHILD}>\n")


def _first(rows, table):
    found = rows.get(table.name)
    return dict(zip(table.columns, found[0], strict=False)) if found else None


def _groups(handle, rows, table, depth=3):
    name = xml_layout.GROUP_OF_TABLE[table.name]
    for row in rows.get(table.name, ()):
        values = dict(zip(table.columns, row, strict=False))
        handle.write(f"{INDENT * depth}<{name}>\n")
        for column in xml_layout.own_columns(table):
            _item(handle, depth + 1, column, values.get(column, ""))
        handle.write(f"{INDENT * depth}</{name}>\n")


def _item(handle, depth, column, value):
    name = xml_layout.element(column)
    if value:
        handle.write(f"{INDENT * depth}<{name}>{escape(value)}</{name}>\n")
    else:
        handle.write(f"{INDENT * depth}<{name}/>\n")
