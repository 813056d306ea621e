"""Data coverage: from when the product holds complete history, and which figures look back
further than that.

The product holds complete history from the start of the earliest collection year imported
(an SSDA903 return holds the episodes open in its year, not the care history before it), and
the record as entered since. With no return imported, the record is all there is and is taken
as complete.

Every indicator has a look-back: how far back before its date the history it needs reaches.
A figure whose look-back reaches before the coverage is returned with `complete=False` and a
sentence saying which earlier returns would complete it. The look-backs (one place for all):

- an as-at count: none; a figure over a period: the period's start (12 months, 3 years...);
- A1, A2, A10 and the placement order to adoption order average: the entry to care of every
  child adopted in the 3 years (the earliest start of their periods of care), and the 3 years;
- long-term stability: 2.5 years (continuously looked after for 2.5 years);
- care leavers aged 17 to 21: the collection year, because the year's OC3 rows state the
  cohort as the DfE counts the return (reports/indicators/leaving_care.py); care leavers aged
  22 to 25, whom OC3 does not list: back to the 14th birthday of the oldest (13 weeks looked
  after after the 14th birthday makes a care leaver).
"""

import re
from dataclasses import replace
from datetime import date

from django.db.models import Min

from corporate_parenting.dates import add_months, add_years, collection_year_of
from placements import codes
from placements.models import ImportRun, PeriodOfCare
from reports.indicators.periods import Period

CARE_LEAVER_AGE_BAND = re.compile(r"^CL_.+_(\d+)_(\d+)$")
CARE_LEAVERS_UP_TO_21 = ("CL_PATHWAY_PLAN", "CL_PA_ALLOCATED", "CL_IN_CUSTODY", "CL_STAYING_PUT")
ADOPTION_TIMELINESS = ("A1_DAYS", "A2_DAYS", "A10_DAYS", "PO_TO_AO_DAYS")
LONG_TERM_STABILITY = ("STAB_LONG_TERM",)
OC3_OLDEST = 21  # OC3 lists care leavers around their 17th to 21st birthdays


def imported_years():
    """Collection years (year ending 31 March) of every imported return, oldest first."""
    years = set()
    for run_years in ImportRun.objects.filter(status=ImportRun.Status.IMPORTED).values_list(
        "collection_years", flat=True
    ):
        years.update(int(year) for year in run_years or ())
    return sorted(years)


def coverage_start(years=None):
    """The first day of complete history held: 1 April before the earliest imported collection
    year; None when no return has been imported (the record is all there is)."""
    years = imported_years() if years is None else years
    return date(years[0] - 1, 4, 1) if years else None


def _earliest_adopted_entry(period):
    """The earliest entry to care of the children adopted in `period` (one query)."""
    return (
        PeriodOfCare.objects.looked_after()
        .ceased_for(codes.ADOPTED)
        .ended_between(period.start, period.end)
        .aggregate(first=Min("start"))["first"]
    )


def look_back_start(iv):
    """The earliest day whose history `iv` needs, or None (an as-at count needs none)."""
    code, end = iv.code, iv.period_end
    if code in ADOPTION_TIMELINESS:
        three = Period.three_years_to(end)
        entry = _earliest_adopted_entry(three)
        return min(three.start, entry) if entry else three.start
    if code in LONG_TERM_STABILITY:
        return add_months(end, -30)
    band = CARE_LEAVER_AGE_BAND.match(code)
    if band or code in CARE_LEAVERS_UP_TO_21:
        oldest = int(band.group(2)) if band else 21
        year_start = iv.period_start or Period.as_at(end).start
        if oldest <= OC3_OLDEST:
            return year_start
        return add_years(year_start, -(oldest - 14))
    return iv.period_start


def coverage_note(look_back, years):
    earliest = years[0]
    first_needed = collection_year_of(look_back)
    if first_needed == earliest - 1:
        returns = f"the return for the year ending 31 March {first_needed}"
    else:
        returns = f"the returns for the years ending 31 March {first_needed} to {earliest - 1}"
    return (
        f"This figure needs history from {look_back:%-d %B %Y}, but the earliest "
        f"return held is for the year ending 31 March {earliest}. Importing {returns} would "
        f"complete it."
    )


def assess(iv, years):
    """`iv` with `complete`, `coverage_note` and `look_back_start` set."""
    start = coverage_start(years)
    look_back = look_back_start(iv) if start is not None else None
    if start is None or look_back is None or look_back >= start:
        return replace(iv, complete=True, coverage_note="", look_back_start=look_back)
    return replace(
        iv, complete=False, coverage_note=coverage_note(look_back, years), look_back_start=look_back
    )


def assess_all(ivs, years=None):
    years = imported_years() if years is None else years
    return [assess(iv, years) for iv in ivs]


def incomplete_figures(ivs):
    """The figures that more (earlier) returns would complete."""
    return [iv for iv in ivs if not iv.complete]


def import_done_context(run):
    """For the import's done page: the figures as at today that more (earlier) returns would
    complete, with what each needs ({"incomplete_figures": [IndicatorValue], ...})."""
    from django.utils import timezone

    from reports import values

    today = timezone.localdate()
    current = values.values_on(today, fingerprint=values.data_fingerprint()).values()
    years = imported_years()
    return {
        "incomplete_figures": incomplete_figures(current),
        "coverage_from": coverage_start(years),
        "earliest_year": years[0] if years else None,
    }
