"""SSDA903 OC2: the children looked after for a year at 31 March, and their health checks.

One rule for the health indicators and the OC2 export: a check counts for a year when the
imported OC2 row says it was done, or when it is recorded on the child's record here (by a
social worker in the browser) within the year.
"""

from datetime import date

from django.db.models import Exists, OuterRef, Q

from children.models import AnnualOutcome, Child, HealthCheck, HealthCheckKind
from placements.models import LegalStatus, PeriodOfCare

# OC2 field (AnnualOutcome) -> the kind of check recorded on the child's record.
HEALTH_CHECKS = {
    "health_assessment": HealthCheckKind.HEALTH_ASSESSMENT,
    "teeth_check": HealthCheckKind.DENTAL,
    "immunisations": HealthCheckKind.IMMUNISATIONS,
}
UNDER_5_ASSESSMENT_MONTHS = 6  # health assessments every 6 months before the 5th birthday


def year_bounds(year):
    return date(year - 1, 4, 1), date(year, 3, 31)


def continuously_looked_after(year):
    """The OC2 cohort for the year ending 31 March `year`: children looked after on 31 March who
    entered care on or before 1 April of the year before, did not leave during the year, and
    had no short break (V3/V4) in it."""
    first, last = year_bounds(year)
    whole_year = (
        PeriodOfCare.objects.looked_after()
        .filter(child=OuterRef("pk"), start__lte=first)
        .open_on(last)
    )
    short_breaks = LegalStatus.objects.short_breaks().overlapping(first, last)
    return Child.objects.filter(Exists(whole_year)).exclude(
        Exists(short_breaks.filter(child=OuterRef("pk")))
    )


def recorded_q(field, year):
    """Q (on Child) for a check of the kind behind OC2 `field` recorded on the record in the
    year ending 31 March `year`. A health assessment of a child under 5 on that 31 March must
    be in its last 6 months (statutory guidance: twice a year before the 5th birthday)."""
    first, last = year_bounds(year)
    checks = HealthCheck.objects.filter(
        child=OuterRef("pk"), kind=HEALTH_CHECKS[field], date__lte=last
    )
    in_year = Q(Exists(checks.filter(date__gte=first)))
    if field != "health_assessment":
        return in_year
    six_months = date(year - 1, 10, 1)
    aged_5 = Q(date_of_birth__lte=date(year - 5, 3, 31))
    return (aged_5 & in_year) | Q(Exists(checks.filter(date__gte=six_months)))


def done_q(field, year):
    """Q (on Child): the check behind OC2 `field` was done in the year ending 31 March `year`,
    as the imported OC2 row says (true) or as recorded here (`recorded_q`)."""
    imported = AnnualOutcome.objects.filter(
        child=OuterRef("pk"), collection_year=year, **{field: True}
    )
    return Q(Exists(imported)) | recorded_q(field, year)


def recorded_children(year):
    """{OC2 field: set of child ids with the check recorded here in the year}, for the export."""
    return {
        field: set(Child.objects.filter(recorded_q(field, year)).values_list("pk", flat=True))
        for field in HEALTH_CHECKS
    }
