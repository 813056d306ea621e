"""The one CSV cell guard (moved here from the import error CSV's and the tables' tests)."""

import io

from corporate_parenting import spreadsheets
from corporate_parenting.spreadsheets import safe_cell


def test_error_csv_cells_are_never_read_as_formulas():
    assert safe_cell("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("PLACE 'U9' is not a valid code.") == "PLACE 'U9' is not a valid code."
    assert safe_cell(12) == 12


def test_numbers_written_as_text_pass_and_other_signs_are_guarded():
    assert safe_cell("-3") == "-3"
    assert safe_cell("-1,234.5%") == "-1,234.5%"
    assert safe_cell("+44 113 000") == "'+44 113 000"
    assert safe_cell("-") == "'-"
    assert safe_cell("\tx") == "'\tx"
    assert safe_cell(None) is None


def test_the_writer_guards_every_cell():
    buffer = io.StringIO()
    writer = spreadsheets.writer(buffer, lineterminator="\n")
    writer.writerow(["=1+1", "-2", None, 3])
    writer.writerows([["@a", "b"]])
    assert buffer.getvalue() == "'=1+1,-2,,3\n'@a,b\n"
