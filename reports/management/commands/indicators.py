"""Print the whole indicator catalogue as JSON or CSV, so that it can be scripted and checked."""

import csv
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from corporate_parenting.spreadsheets import safe_cell
from reports.indicators import compute_all
from reports.indicators.periods import Period
from reports.suppression import display

FIELDS = [
    "code",
    "title",
    "numerator",
    "denominator",
    "value",
    "unit",
    "period_start",
    "period_end",
]


def _date(text):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Enter a date as YYYY-MM-DD, not {text!r}") from None


def indicator_rows(period, *, suppressed):
    rows = []
    for iv in compute_all(period):
        row = {
            "code": iv.code,
            "title": iv.title,
            "numerator": iv.numerator,
            "denominator": iv.denominator,
            "value": iv.value,
            "unit": iv.unit,
            "period_start": iv.period_start.isoformat() if iv.period_start else None,
            "period_end": iv.period_end.isoformat(),
        }
        if suppressed:
            shown = display(iv, exact=False)
            row.update(numerator=shown.numerator, denominator=shown.denominator, value=shown.value)
        rows.append(row)
    return rows


class Command(BaseCommand):
    help = "Print every indicator in the catalogue as at a date."

    def add_arguments(self, parser):
        parser.add_argument("--as-at", required=True, type=_date, help="YYYY-MM-DD")
        parser.add_argument(
            "--period-start",
            type=_date,
            help="YYYY-MM-DD; default the day after the same date a year earlier",
        )
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument(
            "--suppressed",
            action="store_true",
            help="Apply small-number suppression and rounding, as board members see them.",
        )

    def handle(self, *args, as_at, period_start, format, suppressed, **options):
        try:
            period = Period(period_start, as_at) if period_start else Period.as_at(as_at)
        except ValueError as error:
            raise CommandError(str(error)) from None
        rows = indicator_rows(period, suppressed=suppressed)
        if format == "json":
            self.stdout.write(json.dumps(rows, indent=2))
        else:
            writer = csv.DictWriter(self.stdout, fieldnames=FIELDS, lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({k: "" if v is None else safe_cell(v) for k, v in row.items()})
