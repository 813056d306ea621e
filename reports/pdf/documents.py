"""What each board report holds, built from the board member's view of the figures.

Every figure comes from `reports.figures.dashboard(exact=False)`, i.e. through
`reports.suppression.display` exactly as a board member sees it on the dashboard and as
`indicators --suppressed` prints it: these papers are public.
"""

import dataclasses
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string

from corporate_parenting.dates import add_months
from reports import figures, values
from reports.local_measures import is_local_code
from reports.pdf.render import pdf_from_html
from reports.suppression import display


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str
    codes: tuple


@dataclass(frozen=True)
class ReportSpec:
    slug: str
    title: str
    summary: str
    sections: tuple


REPORTS = {
    spec.slug: spec
    for spec in (
        ReportSpec(
            "cla-overview",
            "Children in care overview",
            "How many children the council looks after, who they are, where they live and how "
            "settled they are.",
            (
                Section(
                    "numbers",
                    "How many children we look after",
                    "The number and rate of children looked after, and those who started and "
                    "stopped being looked after in the last 12 months.",
                    ("CLA_COUNT", "CLA_RATE_10K", "CLA_STARTED", "CLA_CEASED"),
                ),
                Section(
                    "who",
                    "Who the children are",
                    "Children looked after by age, sex, ethnicity and legal status, and "
                    "unaccompanied asylum-seeking children.",
                    (
                        "CLA_BY_AGE",
                        "CLA_BY_SEX",
                        "CLA_BY_ETHNICITY",
                        "CLA_BY_LEGAL_STATUS",
                        "CLA_UASC",
                    ),
                ),
                Section(
                    "where",
                    "Where the children live",
                    "Type of placement and provider, placements outside the council's area and "
                    "more than 20 miles from home.",
                    (
                        "CLA_BY_PLACEMENT_TYPE",
                        "CLA_BY_PROVIDER",
                        "PLACED_OUTSIDE_LA",
                        "PLACED_OVER_20_MILES",
                    ),
                ),
                Section(
                    "stability",
                    "Stability",
                    "Children who moved 3 or more times in the year, and those settled in the "
                    "same placement for 2 years.",
                    ("STAB_3PLUS", "STAB_LONG_TERM"),
                ),
            ),
        ),
        ReportSpec(
            "permanence",
            "Permanence and adoption scorecard",
            "Adoption and special guardianship orders, how long children wait, and the children "
            "still waiting.",
            (
                Section(
                    "orders",
                    "Adoption and special guardianship orders",
                    "Orders made in the last 12 months compared with the 12 months before.",
                    ("ADOPTIONS", "SGOS", "CAOS"),
                ),
                Section(
                    "timeliness",
                    "How long children wait",
                    "Average days from placement order to adoption order, and the national "
                    "adoption scorecard measures A1, A2 and A10 against their thresholds.",
                    ("PO_TO_AO_DAYS", "A1_DAYS", "A2_DAYS", "A10_DAYS"),
                ),
                Section(
                    "waiting",
                    "Children waiting",
                    "Children with a placement order waiting to be adopted, fostering for "
                    "adoption, and children with a permanence plan.",
                    ("PO_AWAITING", "FFA_PLACEMENTS", "PERMANENCE_PLAN"),
                ),
                Section(
                    "family",
                    "Family and friends",
                    "Children living with connected carers and placed with parents.",
                    ("CONNECTED_CARERS", "PLACED_WITH_PARENTS"),
                ),
            ),
        ),
        ReportSpec(
            "care-leavers",
            "Care leavers",
            "Whether care leavers are in touch, in suitable accommodation and in education, "
            "employment or training, and the support they have.",
            (
                Section(
                    "in-touch",
                    "In touch",
                    "Care leavers the council is in touch with, by age group.",
                    ("CL_IN_TOUCH_17_18", "CL_IN_TOUCH_19_21", "CL_IN_TOUCH_22_25"),
                ),
                Section(
                    "accommodation",
                    "Suitable accommodation",
                    "Care leavers in accommodation judged suitable, by age group.",
                    (
                        "CL_ACCOM_SUITABLE_17_18",
                        "CL_ACCOM_SUITABLE_19_21",
                        "CL_ACCOM_SUITABLE_22_25",
                    ),
                ),
                Section(
                    "eet",
                    "Education, employment or training",
                    "Care leavers in education, employment or training, by age group.",
                    ("CL_EET_17_18", "CL_EET_19_21", "CL_EET_22_25"),
                ),
                Section(
                    "support",
                    "Support",
                    "Pathway plans reviewed, personal advisers, Staying Put and care leavers in "
                    "custody.",
                    ("CL_PATHWAY_PLAN", "CL_PA_ALLOCATED", "CL_STAYING_PUT", "CL_IN_CUSTODY"),
                ),
            ),
        ),
    )
}


PLEDGE_SLUG = "pledge"


def pledge_spec():
    """The Pledge scorecard: a section (a page) per promise of `pledge_promises()`, with the
    national indicators and local measures that evidence it, in the Pledge's order."""
    from reports.pledge import pledge_promises

    return ReportSpec(
        PLEDGE_SLUG,
        "Pledge scorecard",
        "Each promise the council makes to children in its care, with the measures that show "
        "whether it is kept.",
        tuple(
            Section(promise.theme, promise.title, promise.promise, tuple(promise.codes))
            for promise in pledge_promises()
        ),
    )


def report_spec(slug):
    return pledge_spec() if slug == PLEDGE_SLUG else REPORTS[slug]


@dataclass(frozen=True)
class ScorecardRow:
    figure: object  # reports.figures.Figure, suppressed
    year_ago: str
    three_year: str
    threshold: str

    @property
    def is_breakdown(self):
        """A "by age", "by sex" figure: its total is another row's, so it shows its parts only."""
        return bool(self.figure.breakdowns)

    @property
    def is_local(self):
        return is_local_code(self.figure.code)


def _year_ago_text(iv):
    if iv is None:
        return ""
    return figures.value_with_unit(display(iv, exact=False).value, iv.unit)


def _three_year_text(iv):
    """PO_TO_AO_DAYS' 3-year average, suppressed on its own number of children."""
    extra = iv.extra or {}
    if "three_year_value" not in extra:
        return ""
    three = dataclasses.replace(
        iv,
        numerator=extra.get("three_year_total_days"),
        denominator=extra.get("three_year_children"),
        value=extra.get("three_year_value"),
    )
    return figures.value_with_unit(display(three, exact=False).value, iv.unit)


def _threshold_text(figure):
    iv = figure.iv
    if iv.threshold is not None:
        return figures.value_with_unit(f"{iv.threshold:,.0f}", iv.unit)
    return figure.rag.target if figure.rag else ""


@dataclass
class Report:
    spec: ReportSpec
    as_at: datetime.date
    year_ago_as_at: datetime.date
    council: str
    board: str
    meeting: str
    sections: list  # [(Section, [ScorecardRow])]

    @property
    def title(self):
        return self.spec.title

    @property
    def definitions(self):
        seen, rows = set(), []
        for _, section_rows in self.sections:
            for row in section_rows:
                if row.figure.code not in seen:
                    seen.add(row.figure.code)
                    rows.append(row.figure.iv)
        return rows


def report_build(slug, *, as_at, board="", meeting="", board_view=None):
    """A Report of `slug` as at `as_at`: the board's view of each figure, its value a year
    earlier, and the 3-year average where the indicator has one."""
    spec = report_spec(slug)
    board_view = board_view or figures.dashboard(as_at=as_at, exact=False)
    by_code = {figure.code: figure for figure in board_view.figures}
    year_ago_as_at = add_months(as_at, -12)
    year_ago = values.values_on(year_ago_as_at, fingerprint=values.data_fingerprint())
    sections = []
    for section in spec.sections:
        rows = [
            ScorecardRow(
                figure=by_code[code],
                year_ago=_year_ago_text(year_ago.get(code)),
                three_year=_three_year_text(by_code[code].iv),
                threshold=_threshold_text(by_code[code]),
            )
            for code in section.codes
            if code in by_code
        ]
        sections.append((section, rows))
    return Report(
        spec=spec,
        as_at=as_at,
        year_ago_as_at=year_ago_as_at,
        council=settings.COUNCIL_NAME,
        board=board or settings.REPORTS_DEFAULT_BOARD_NAME,
        meeting=meeting,
        sections=sections,
    )


def report_html(report):
    return render_to_string(
        "reports/pdf/report.html",
        {"report": report, "threshold": settings.SUPPRESSION_THRESHOLD},
    )


def report_fragment(report, *, prefix):
    """The report's body (cover, sections, definitions) for a pack, its ids prefixed."""
    return render_to_string(
        "reports/pdf/_document.html",
        {
            "report": report,
            "prefix": prefix,
            "in_pack": True,
            "threshold": settings.SUPPRESSION_THRESHOLD,
        },
    )


def report_pdf(slug, *, as_at, board="", meeting="", progress=None):
    """(bytes, pages) of report `slug` as at `as_at`; `progress(percent, stage)` is told as the
    work goes on."""
    progress = progress or (lambda percent, stage: None)
    progress(10, "Working out the figures")
    report = report_build(slug, as_at=as_at, board=board, meeting=meeting)
    progress(50, "Drawing the pages")
    data, pages = pdf_from_html(report_html(report))
    progress(90, "Saving the file")
    return data, pages
