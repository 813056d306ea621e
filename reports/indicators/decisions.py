"""How we make decisions: how many children we look after, who they are, who comes and goes,
and their reviews."""

from children.models import Child
from reports.indicators.base import Measure, indicator

THEME = "decisions"
DFE_CLA = "DfE, Children looked after in England including adoptions (SSDA903)"


def looked_after_children(period):
    return Child.objects.looked_after_on(period.end)


@indicator(
    code="CLA_COUNT",
    title="Children looked after",
    theme=THEME,
    unit="count",
    higher_is_better=None,
    definition="The number of children the council looked after on this date. Children who "
    "only have short breaks are not counted.",
    reference=DFE_CLA,
    children=looked_after_children,
)
def cla_count(period):
    """Catalogue CLA_COUNT: "Children looked after on the as-at date."

    DfE: a child is looked after on a date when an episode is open on it (DECOM <= date and DEC
    empty or after it), excluding children whose only legal status is V3 or V4 (short breaks).
    """
    return Measure(numerator=looked_after_children(period).count(), as_at=True)
