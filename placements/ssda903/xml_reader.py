"""Read an SSDA903 return's XML form into the same tables the CSV files give.

One pass with a SAX parser (defusedxml's: no DTD, so no entity expansion, no external
entities, no network) turns the file into one `XmlTable` per table; each reads like a CSV file
(`reader.read_rows`), so every rule applies unchanged and an error names the XML file and the
line of the element that made the row. A file that is not well-formed XML, holds an element
the layout does not have, or a value too long, is refused with the line it happened on.
"""

import xml.sax
from dataclasses import dataclass, field
from sys import intern

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from placements.ssda903 import tables, xml_layout
from placements.ssda903.reader import LONGEST_VALUE, Problem, checked_rows

CODE = "XML"


@dataclass
class XmlTable:
    """One table of an XML return: rows of values in the table's columns, with their lines."""

    name: str  # the XML file's name, shown in errors
    table: tables.Table
    rows: list = field(default_factory=list)

    def read_rows(self, *, report, limits=None):
        columns = list(self.table.columns)
        return columns, checked_rows(iter(self.rows), columns, limits, report)


def looks_like_xml(path):
    """An .xml file, or one whose first character (after a byte-order mark) is '<'."""
    if path.suffix.lower() == ".xml":
        return True
    with open(path, "rb") as handle:
        head = handle.read(8)
    return head.lstrip(b"\xef\xbb\xbf").lstrip()[:1] == b"<"


def read(path):
    """({table name: XmlTable}, problems) for one XML return; no tables when it cannot be
    read."""
    handler = _Handler(path.name)
    parser = DefusedExpatParser(forbid_dtd=True)
    parser.setFeature(xml.sax.handler.feature_namespaces, False)
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setContentHandler(handler)
    try:
        parser.parse(str(path))
    except xml.sax.SAXParseException as exc:
        handler.problem(
            exc.getLineNumber(), "-", f"The file is not well-formed XML ({exc.getMessage()})."
        )
    except DefusedXmlException:
        handler.problem(
            handler.line(),
            "-",
            "The file declares a document type (DTD) or entities, which an SSDA903 return "
            "never needs: remove the <!DOCTYPE ...> part.",
        )
    except _Refused:
        pass
    if handler.problems:
        return {}, handler.problems
    return handler.tables, []


class _Refused(Exception):
    """Stop reading: the file's layout is wrong at the root."""


class _Handler(xml.sax.handler.ContentHandler):
    def __init__(self, file_name):
        super().__init__()
        self.file = file_name
        self.tables = {t.name: XmlTable(file_name, t) for t in tables.TABLES}
        self.problems = []
        self.locator = None
        self.path = []  # element names from the root down
        self.collecting = False  # inside an item, whose text is a value
        self.text = []
        self.length = 0
        self.child = None  # the CHILD being read
        self.group = None  # (group element, line, {column: value}) being read

    def setDocumentLocator(self, locator):  # noqa: N802 - SAX's name
        self.locator = locator

    def line(self):
        return self.locator.getLineNumber() if self.locator else 0

    def problem(self, line, column, message):
        self.problems.append(Problem(self.file, line, column, CODE, message))

    # -- elements -----------------------------------------------------------------------------

    def startElement(self, name, attrs):  # noqa: N802 - SAX's name
        depth = len(self.path)
        parent = self.path[-1] if self.path else None
        self.path.append(name)
        self.text, self.length, self.collecting = [], 0, False
        if depth == 0:
            if name != xml_layout.ROOT:
                self.problem(
                    self.line(),
                    "-",
                    f"The file starts with <{name[:40]}>: an SSDA903 return's XML starts with "
                    f"<{xml_layout.ROOT}>.",
                )
                raise _Refused
        elif depth == 1:
            self._expect(name, xml_layout.CHILD, parent)
            self.child = _Child(self.line())
        elif depth == 2:
            if name == xml_layout.HEADER:
                self.child.header_line = self.child.header_line or self.line()
            elif name == xml_layout.EPISODE:
                self.group = (name, self.line(), {})
            else:
                self._unknown(name, parent)
        elif depth == 3 and parent == xml_layout.HEADER and name in xml_layout.GROUPS:
            self.group = (name, self.line(), {})
        elif self._is_item(name, parent):
            self.collecting = True
        else:
            self._unknown(name, parent)

    def _is_item(self, name, parent):
        if self.group is not None and parent == self.group[0]:
            return name in xml_layout.GROUP_ITEMS[self.group[0]]
        return parent == xml_layout.HEADER and name in xml_layout.HEADER_ITEMS

    def _expect(self, name, wanted, parent):
        if name != wanted:
            self._unknown(name, parent)

    def _unknown(self, name, parent):
        self.problem(
            self.line(),
            name[:40],
            f"<{name[:40]}> is not an element of the SSDA903 return's XML"
            + (f" inside <{parent}>." if parent else "."),
        )

    def characters(self, content):
        # Only an item's text is a value (the rest is layout); it is kept up to the longest
        # value allowed, and its whole length counted.
        if self.collecting:
            if self.length <= LONGEST_VALUE:
                self.text.append(content)
            self.length += len(content)

    def endElement(self, name):  # noqa: N802 - SAX's name
        self.path.pop()
        depth = len(self.path)
        if depth == 1 and name == xml_layout.CHILD:
            self._child_rows(self.child)
            self.child = None
        elif self.group is not None and name == self.group[0]:
            self.child.groups.append(self.group)
            self.group = None
        elif self.group is not None and self.path[-1] == self.group[0]:
            self._item(self.group[2], xml_layout.GROUP_ITEMS[self.group[0]].get(name, name), name)
        elif (
            depth >= 1
            and self.path[-1] == xml_layout.HEADER
            and self.child is not None
            and name in xml_layout.HEADER_ITEMS
        ):
            column = xml_layout.COLUMN_OF.get(name, name)
            self._item(self.child.items, column, name)
            self.child.lines.setdefault(xml_layout.HEADER_ITEMS[name].name, self.line())
        self.text, self.length, self.collecting = [], 0, False

    def _item(self, values, column, name):
        text = "".join(self.text).strip()
        if self.length > LONGEST_VALUE and len(text) > LONGEST_VALUE:
            self.problem(
                self.line(),
                column,
                f"{column} is {self.length:,} characters long; at most {LONGEST_VALUE}.",
            )
            text = text[:LONGEST_VALUE]
        if column in values:
            self.problem(self.line(), column, f"<{name}> appears twice in one element.")
        values[column] = intern(text)

    # -- rows ---------------------------------------------------------------------------------

    def _child_rows(self, child):
        items = child.items
        header = self.tables["Header"]
        header.rows.append(
            (child.header_line or child.line, [items.get(c, "") for c in header.table.columns])
        )
        uasc = items.get(xml_layout.UASC_FLAG, "")
        if uasc not in ("", "0", xml_layout.UASC_YES):
            self.problem(child.lines["UASC"], "UASC", "UASC must be 1, 0 or blank.")
        if uasc == xml_layout.UASC_YES or items.get("DUC"):
            self._flat_row(child, tables.UASC)
        for table in (tables.OC3, tables.AD1):
            if table.name in child.lines:
                self._flat_row(child, table)
        for group, line, values in child.groups:
            table = xml_layout.GROUPS[group]
            # CHILD, and the SEX and DOB some tables repeat, come from HEADER.
            row = [values[c] if c in values else items.get(c, "") for c in table.columns]
            self.tables[table.name].rows.append((line, row))

    def _flat_row(self, child, table):
        line = child.lines.get(table.name, child.header_line or child.line)
        self.tables[table.name].rows.append((line, [child.items.get(c, "") for c in table.columns]))


@dataclass
class _Child:
    line: int
    header_line: int = 0
    items: dict = field(default_factory=dict)  # HEADER's flat items: column -> value
    lines: dict = field(default_factory=dict)  # table name -> line of its first item
    groups: list = field(default_factory=list)  # (group element, line, {column: value})
