"""Demo local measures and the demo council's Pledge links: two years of monthly figures for
the figures boards follow that no national return holds. Illustrative numbers only.

Run from `manage.py demo_setup` (safe to run again: it adds only what is missing).
"""

import random
from datetime import date

from django.db import transaction
from django.utils import timezone

from reports.indicators.periods import add_months
from reports.local_services import local_measure_create
from reports.models import (
    LocalMeasure,
    LocalMeasureValue,
    PledgeMeasure,
    PledgePromise,
    Target,
)
from reports.services import target_set

MONTHS = 24

# title, unit, good direction, owner, theme of the promise it evidences, (typical, spread),
# typical total for a percentage, definition
MEASURES = [
    (
        "Foster carer enquiries",
        "count",
        "higher",
        "Fostering recruitment team",
        "where_you_live",
        (22, 8),
        None,
        "Enquiries from people interested in fostering for the council, received in the month.",
    ),
    (
        "Foster carer households approved",
        "count",
        "higher",
        "Fostering panel adviser",
        "where_you_live",
        (2, 2),
        None,
        "New foster carer households approved by the agency decision maker in the month.",
    ),
    (
        "Front door (MASH) referrals",
        "count",
        "neither",
        "Multi-agency safeguarding hub",
        "decisions",
        (410, 60),
        None,
        "Contacts accepted as referrals to children's social care by the front door in the month.",
    ),
    (
        "Early help referrals",
        "count",
        "neither",
        "Early help service",
        "decisions",
        (180, 30),
        None,
        "Families referred to early help in the month.",
    ),
    (
        "Children in Care Council attendance",
        "percent",
        "higher",
        "Participation team",
        "identity",
        (9, 3),
        14,
        "Places taken at the month's Children in Care Council meeting, out of places offered.",
    ),
    (
        "Life story work completed",
        "percent",
        "higher",
        "Children in care service",
        "identity",
        (30, 5),
        46,
        "Children with a plan for adoption or long-term fostering whose life story work is "
        "complete, out of all such children, at the end of the month.",
    ),
    (
        "Children in good or outstanding schools",
        "percent",
        "higher",
        "Virtual school",
        "education",
        (182, 8),
        220,
        "Children looked after of school age attending a school rated good or outstanding by "
        "Ofsted, out of all those of school age, at the end of the month.",
    ),
]

TARGETS = {
    "Foster carer enquiries": (25, 25, 18),
    "Children in good or outstanding schools": (85, 85, 78),
    "Life story work completed": (75, 75, 60),
}


def _months(today):
    last = date(today.year, today.month, 1)
    return [add_months(last, -back) for back in range(MONTHS, 0, -1)]  # to last month


@transaction.atomic
def load_local_measures(stdout=None):
    """Create the demo local measures, their figures, targets and Pledge links if missing."""
    rng = random.Random(16)  # the same demo every time
    months = _months(timezone.localdate())
    promises = {p.theme: p for p in PledgePromise.objects.all()}
    added = 0
    for title, unit, direction, owner, theme, (typical, spread), total, definition in MEASURES:
        measure = LocalMeasure.objects.filter(title=title).first()
        if measure is None:
            measure = local_measure_create(
                title=title,
                unit=unit,
                definition=definition,
                owner=owner,
                good_direction=direction,
                actor=None,
            )
            added += 1
        if not measure.values.exists():
            rows = []
            for i, month in enumerate(months):
                drift = i * spread / (2 * MONTHS)  # a gentle improvement over two years
                number = max(0, round(rng.gauss(typical + drift, spread / 2)))
                out_of = None
                if total is not None:
                    out_of = max(number, round(rng.gauss(total, total / 20)))
                rows.append(
                    LocalMeasureValue(
                        measure=measure, month=month, numerator=number, denominator=out_of
                    )
                )
            LocalMeasureValue.objects.bulk_create(rows)
        if title in TARGETS and not Target.objects.filter(code=measure.code).exists():
            value, green, amber = TARGETS[title]
            target_set(
                code=measure.code,
                value=value,
                green_threshold=green,
                amber_threshold=amber,
                actor=None,
            )
        promise = promises.get(theme)
        if promise is not None:
            PledgeMeasure.objects.get_or_create(
                promise=promise, code=measure.code, defaults={"order": 100}
            )
    if stdout is not None:
        stdout.write(f"Demo local measures: {added} added, figures and Pledge links in place.")
    return added
