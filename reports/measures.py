"""One look-up for anything with a code the board follows: a national indicator from the
catalogue or a local measure. Both answer .code, .title, .unit, .definition and
.higher_is_better, so targets, benchmarks and the Pledge treat them alike."""

from reports.indicators import CATALOGUE
from reports.local_measures import is_local_code
from reports.models import LocalMeasure


def measure_info(code):
    """The Indicator or LocalMeasure with this code, or None."""
    if code in CATALOGUE:
        return CATALOGUE[code]
    if is_local_code(code):
        return LocalMeasure.objects.filter(code=code).first()
    return None


def all_measures():
    """Every national indicator, then every local measure (one query)."""
    return [*CATALOGUE.values(), *LocalMeasure.objects.order_by("title")]
