import re

from reports.indicators import CATALOGUE, THEMES
from tests.reference import reference_file


def catalogue_codes():
    codes = []
    for line in reference_file("indicators.md").read_text().splitlines():
        if line.startswith("| ") and not line.startswith(("| code", "| ---")):
            codes += [code.strip() for code in line.split("|")[1].split("/")]
    return codes


def test_the_catalogue_has_every_code_of_the_reference_in_its_order():
    assert list(CATALOGUE) == catalogue_codes()
    assert len(CATALOGUE) == 59


def test_every_indicator_has_a_theme_definition_reference_and_quoted_docstring():
    themes = {key for key, _ in THEMES}
    for code, indicator in CATALOGUE.items():
        assert indicator.theme in themes, code
        assert indicator.unit in {"count", "percent", "days", "rate", "score"}, code
        assert indicator.definition and indicator.reference, code
        assert re.search(rf"Catalogue {code}\b", indicator.compute.__doc__ or ""), code


def test_every_theme_has_indicators():
    used = {indicator.theme for indicator in CATALOGUE.values()}
    assert used == {key for key, _ in THEMES}
