"""python manage.py demo_reports: the context the board's figures need in the demo.

A population estimate (so that rates can be worked out), local targets and comparator figures.
The comparators are illustrative demo values, labelled as such, not official statistics:
officers replace them with the DfE's published figures through the benchmarks upload.
"""

import csv
import io

from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.models import Benchmark, PopulationEstimate, Target
from reports.services import benchmarks_import_csv, population_estimate_set, target_set

SOURCE = "Demo comparator (illustrative, not official statistics)"
# code: (target, green, amber)
TARGETS = {
    "STAB_3PLUS": (9, 9, 11),
    "STAB_LONG_TERM": (70, 70, 65),
    "PLACED_OVER_20_MILES": (10, 10, 13),
    "VISITS_ON_TIME": (95, 95, 90),
    "REVIEWS_ON_TIME": (95, 95, 90),
    "HEALTH_ASSESSMENT": (90, 90, 85),
    "CL_EET_19_21": (55, 55, 50),
    "A1_DAYS": (426, 426, 487),
}
# code: (England, region, statistical neighbours)
COMPARATORS = {
    "CLA_RATE_10K": (70, 76, 81),
    "STAB_3PLUS": (10, 10, 11),
    "STAB_LONG_TERM": (69, 68, 70),
    "PLACED_OVER_20_MILES": (12, 13, 14),
    "HEALTH_ASSESSMENT": (90, 89, 91),
    "CL_EET_19_21": (55, 53, 52),
    "A1_DAYS": (460, 475, 450),
}


class Command(BaseCommand):
    help = "Give the demo council a population estimate, local targets and comparator figures."

    def handle(self, *args, **options):
        year = timezone.localdate().year - 1
        if not PopulationEstimate.objects.exists():
            population_estimate_set(
                year=year, population=86_500, actor=None,
                source="Demo estimate of children aged 0 to 17 (illustrative)",
            )  # fmt: skip
        for code, (value, green, amber) in TARGETS.items():
            if not Target.objects.filter(code=code).exists():
                target_set(code=code, value=value, green_threshold=green,
                           amber_threshold=amber, actor=None)  # fmt: skip
        if not Benchmark.objects.exists():
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(["code", "area", "value", "year", "source"])
            for code, values in COMPARATORS.items():
                for area, value in zip(("England", "Region", "Statistical neighbours"), values,
                                       strict=True):  # fmt: skip
                    writer.writerow([code, area, value, year, SOURCE])
            buffer.seek(0)
            benchmarks_import_csv(file=buffer, actor=None)
        self.stdout.write("Demo reports: population estimate, targets and comparators in place.")
