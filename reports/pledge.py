"""The council's Pledge to children in care, as data: each promise with the national
indicators and local measures that evidence it. The dashboard and the Pledge scorecard read
this one list (`pledge_promises`).

A national indicator not linked to any promise is listed under the promise of its own theme,
so an indicator added to the catalogue is never missing from the Pledge.
"""

from dataclasses import dataclass

from reports.indicators import CATALOGUE
from reports.models import LocalMeasure, PledgePromise


@dataclass(frozen=True)
class PledgeEvidence:
    code: str
    title: str
    is_local: bool


@dataclass(frozen=True)
class Promise:
    theme: str  # PledgeTheme value, e.g. "where_you_live"
    title: str  # "Where you live"
    promise: str  # the council's words
    measures: tuple[PledgeEvidence, ...]

    @property
    def codes(self):
        return [measure.code for measure in self.measures]


def pledge_promises():
    """[Promise] in the Pledge's order, each with its evidence in order (three queries)."""
    promises = list(PledgePromise.objects.prefetch_related("measures"))
    local_titles = dict(LocalMeasure.objects.values_list("code", "title"))
    linked = {m.code for p in promises for m in p.measures.all()}
    result = []
    for promise in promises:
        evidence = []
        for link in promise.measures.all():
            if link.code in CATALOGUE:
                evidence.append(PledgeEvidence(link.code, CATALOGUE[link.code].title, False))
            elif link.code in local_titles:
                evidence.append(PledgeEvidence(link.code, local_titles[link.code], True))
        evidence += [
            PledgeEvidence(code, indicator.title, False)
            for code, indicator in CATALOGUE.items()
            if indicator.theme == promise.theme and code not in linked
        ]
        result.append(
            Promise(
                theme=promise.theme,
                title=promise.get_theme_display(),
                promise=promise.promise,
                measures=tuple(evidence),
            )
        )
    return result


def promises_for(code):
    """The themes of the promises a code evidences (for a local measure's page)."""
    return [p for p in pledge_promises() if code in p.codes]
