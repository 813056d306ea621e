"""generate_synthetic_903 --children N [--years Y] [--seed S] [--end DATE] [--in-year] OUTDIR"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from corporate_parenting.dates import collection_year_bounds
from demo.ssda903.generator import generate


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--end must be a date like 2026-03-31, not {text!r}") from exc


class Command(BaseCommand):
    help = (
        "Write realistic synthetic SSDA903 returns, one folder per collection year "
        "(OUTDIR/<year ending 31 March>/header.csv, episodes.csv, ...). Deterministic for a seed. "
        "N counts every child in the whole history, so the children looked after at the last "
        "31 March are about 0.49 N with --years 1 and 0.26 N with --years 6 (a council of 600 "
        "looked-after children over 6 years: --children 2300)."
    )

    def add_arguments(self, parser):
        parser.add_argument("outdir")
        parser.add_argument(
            "--children", type=int, required=True, help="Distinct children in the whole history."
        )
        parser.add_argument("--years", type=int, default=1, help="Collection years (default 1).")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--end",
            type=_date,
            default=None,
            help="The last collection year is the one ending at the last 31 March on or before "
            "this date (YYYY-MM-DD, default today).",
        )
        parser.add_argument(
            "--in-year",
            action="store_true",
            help="Also write the current, unfinished collection year up to --end (an in-year "
            "extract: episodes open on --end have no DEC, no OC2 yet). --years counts the "
            "complete years before it.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Processes to simulate children in (same output).",
        )

    def handle(self, *args, **options):
        if options["children"] < 1:
            raise CommandError("--children must be at least 1")
        if options["years"] < 1:
            raise CommandError("--years must be at least 1")
        years, stats, seconds = generate(
            options["outdir"],
            children=options["children"],
            years=options["years"],
            seed=options["seed"],
            end=options["end"],
            workers=max(1, options["workers"]),
            in_year=options["in_year"],
        )
        out = self.stdout
        out.write(f"Children: {stats.children}")
        end = options["end"] or timezone.localdate()
        for year in years:
            last = collection_year_bounds(year)[1]
            on = f"31 March {year}" if last <= end else f"{end:%d/%m/%Y} (in-year)"
            out.write(
                f"{year - 1}-{year % 100:02d}: {stats.episodes.get(year, 0)} episodes, "
                f"{stats.cla.get(year, 0)} looked after at {on}"
            )
        out.write(f"Seconds: {seconds:.1f}")
