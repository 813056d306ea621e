"""The return's XML form: exported beside the CSV files, read back into the same tables, imported
and checked like them; broken XML is refused with the file and line."""

import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from children.models import Child
from corporate_parenting.models import AuditAction, AuditEvent
from placements.ssda903 import tables
from placements.ssda903.reader import collect, read_rows
from tests.placements.ssda903_helpers import (
    FIXTURES,
    database_checksum,
    table_differences,
    xml_of_fixture,
)

pytestmark = pytest.mark.django_db


def run(*args):
    """(exit code, stdout, stderr) of a management command."""
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def imported(*years):
    for year in years:
        assert run("import_ssda903", str(FIXTURES / str(year)))[0] == 0


def export(tmp_path, year, fmt):
    out = tmp_path / f"{fmt}{year}"
    code, _stdout, err = run(
        "export_ssda903", "--collection-year", str(year), "--format", fmt, str(out)
    )
    assert code == 0, err
    return out / f"ssda903-{year}.xml" if fmt == "xml" else out


TABLES = {table.name: table for table in tables.TABLES}


def fail(*problem):
    pytest.fail(f"read with a problem: {problem}")


def tables_read(path):
    """{table: Counter of rows} as the importer reads them, from a folder or an XML file."""
    sets, problems = collect([path])
    assert problems == []
    found = {}
    for name, source in sets[0].files.items():
        columns, rows = read_rows(source, report=fail)
        assert columns == list(TABLES[name].columns)
        found[name] = Counter(tuple(values) for _line, values in rows)
    return {name: rows for name, rows in found.items() if rows}


def test_a_year_exported_as_xml_reads_back_as_the_same_tables_as_its_csv(tmp_path):
    imported(2025, 2026)
    csv_tables = tables_read(export(tmp_path, 2026, "csv"))
    xml_tables = tables_read(export(tmp_path, 2026, "xml"))
    assert set(csv_tables) >= {"Header", "Episodes", "Reviews", "OC3", "SWEpisodes"}
    assert xml_tables == csv_tables


def test_the_xml_export_is_audited_with_its_format(tmp_path):
    imported(2025)
    export(tmp_path, 2025, "xml")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.changes["format"] == "xml"
    assert event.changes["rows"]["Episodes"] == 5


def test_an_xml_return_imports_as_its_csv_files_do(tmp_path):
    xml = xml_of_fixture(tmp_path, 2025)
    assert tables_read(xml) == tables_read(FIXTURES / "2025")
    code, out, err = run("import_ssda903", str(xml))
    assert code == 0, err
    assert "Imported collection years 2025: 4 children, 5 episodes" in out
    assert Child.objects.count() == 4
    assert table_differences(FIXTURES / "2025", export(tmp_path, 2025, "csv")) == {}


def test_a_dry_run_of_an_xml_return_checks_it_and_writes_nothing(tmp_path):
    xml = xml_of_fixture(tmp_path, 2025)
    before = database_checksum()
    code, out, err = run("import_ssda903", str(xml), "--dry-run")
    assert code == 0, err
    assert out.startswith("Checked (dry run, nothing written) collection years 2025: 4 children")
    assert database_checksum() == before


def test_a_rule_broken_in_xml_names_the_file_and_the_line_of_the_element(tmp_path):
    xml = xml_of_fixture(tmp_path, 2025)
    text = xml.read_text()
    assert "<PL>U6</PL>" in text
    xml.write_text(text.replace("<PL>U6</PL>", "<PL>U9</PL>", 1))
    episode_line = _line_of_episode_holding(xml.read_text(), "<PL>U9</PL>")
    code, _out, err = run("import_ssda903", str(xml), "--dry-run")
    assert code == 1
    assert (
        f"fixture-2025.xml:{episode_line}: PLACE: 146 Placement type code is not a valid code."
    ) in err


def _line_of_episode_holding(text, fragment):
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if fragment in line)
    start = max(i for i in range(at) if lines[i].strip() == "<EPISODE>")
    return start + 1


HEADER_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "<EXPSSDA903>\n"
    "  <CHILD>\n"
    "    <HEADER>\n"
    "      <CHILDID>C1</CHILDID>\n"
)
HEADER_CLOSE = "    </HEADER>\n  </CHILD>\n</EXPSSDA903>\n"
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n'
    "<!DOCTYPE lolz [\n"
    ' <!ENTITY lol "lol">\n'
    ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n'
    "]>\n"
    "<EXPSSDA903><CHILD><HEADER><CHILDID>&lol3;</CHILDID></HEADER></CHILD></EXPSSDA903>\n"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n'
    '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    "<EXPSSDA903><CHILD><HEADER><CHILDID>&x;</CHILDID></HEADER></CHILD></EXPSSDA903>\n"
)

NOT_WELL_FORMED = "XML The file is not well-formed XML"
DTD = "XML The file declares a document type (DTD) or entities"
NOT_IN_LAYOUT = "is not an element of the SSDA903 return's XML inside"
EPISODE_WITH_PLACE = (
    "    </HEADER>\n    <EPISODE>\n      <PLACE>U4</PLACE>\n    </EPISODE>\n"
    "  </CHILD>\n</EXPSSDA903>\n"
)

# name: (file content, line, the start of what the error says after the column)
BROKEN = {
    "unclosed": (
        HEADER_OPEN + "      <SEX>M</SEX>\n    </HEADER>\n</EXPSSDA903>\n",
        8,
        f"{NOT_WELL_FORMED} (mismatched tag)",
    ),
    "unknown-element": (
        HEADER_OPEN + "      <NICKNAME>Jo</NICKNAME>\n" + HEADER_CLOSE,
        6,
        f"XML <NICKNAME> {NOT_IN_LAYOUT} <HEADER>.",
    ),
    "unknown-in-episode": (
        HEADER_OPEN + EPISODE_WITH_PLACE,
        8,
        f"XML <PLACE> {NOT_IN_LAYOUT} <EPISODE>.",
    ),
    "too-long": (
        HEADER_OPEN + "      <ETHNIC>" + "W" * 5000 + "</ETHNIC>\n" + HEADER_CLOSE,
        6,
        "XML ETHNIC is 5,000 characters long; at most 100.",
    ),
    "twice": (
        HEADER_OPEN + "      <SEX>M</SEX>\n      <SEX>F</SEX>\n" + HEADER_CLOSE,
        7,
        "XML <SEX> appears twice in one element.",
    ),
    "item-inside-item": (
        HEADER_OPEN + "      <SEX><DOB>01/01/2010</DOB></SEX>\n" + HEADER_CLOSE,
        6,
        f"XML <DOB> {NOT_IN_LAYOUT} <SEX>.",
    ),
    "wrong-root": (
        '<?xml version="1.0"?>\n<children>\n</children>\n',
        2,
        "XML The file starts with <children>: an SSDA903 return's XML starts with <EXPSSDA903>.",
    ),
    "bad-uasc-flag": (
        HEADER_OPEN + "      <UASC>yes</UASC>\n" + HEADER_CLOSE,
        6,
        "XML UASC must be 1, 0 or blank.",
    ),
    "billion-laughs": (BILLION_LAUGHS, 2, DTD),
    "external-entity": (EXTERNAL_ENTITY, 2, DTD),
    "empty": ("", 1, f"{NOT_WELL_FORMED} (no element found)"),
    "not-xml-at-all": ("<<<>>>\n", 1, f"{NOT_WELL_FORMED} (not well-formed (invalid token))"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_broken_xml_is_refused_with_the_file_and_line(tmp_path, name):
    content, line, says = BROKEN[name]
    path = tmp_path / f"{name}.xml"
    path.write_text(content)
    before = database_checksum()
    code, _out, err = run("import_ssda903", str(path))
    assert code == 1
    assert f"{name}.xml:{line}: " in err
    first = next(text for text in err.splitlines() if text.startswith(f"{name}.xml:"))
    assert re.sub(r"^[^:]+:\d+: [^:]+: ", "", first).startswith(says), first
    assert err.rstrip().endswith("nothing was imported.")
    assert database_checksum() == before
    assert "root:" not in err  # nothing of /etc/passwd was read in


def test_an_xml_return_and_a_csv_of_the_same_table_together_are_refused(tmp_path):
    xml = xml_of_fixture(tmp_path, 2025)
    both = tmp_path / "both"
    both.mkdir()
    (both / "return.xml").write_text(xml.read_text())
    (both / "header.csv").write_text((FIXTURES / "2025" / "Header.csv").read_text())
    _sets, problems = collect([both])
    assert [p.code for p in problems] == ["FILE"]
    assert "are both the Header table: give one." in problems[0].message
