"""Indexes the indicator queries lean on (see benchmarks/indicators.py).

They live here, with the indicators that need them, as plain SQL so that the case-record apps'
migrations and model state are left alone.
"""

from django.db import migrations

INDEXES = {
    "ind_visit_child_date": (
        "children_statutoryvisit",
        '("child_id", "date" DESC, "id" DESC) WHERE "seen"',
    ),
    "ind_contact_child_date": ("children_careleavercontact", '("child_id", "date" DESC)'),
    "ind_allocation_child_kind": ("children_allocation", '("child_id", "kind", "start")'),
    "ind_child_birth": ("children_child", '("date_of_birth")'),
    "ind_pep_child_date": ("children_personaleducationplan", '("child_id", "date")'),
    "ind_pathway_child_date": ("children_pathwayplanreview", '("child_id", "date")'),
    "ind_missing_start": ("children_missingepisode", '("start")'),
    "ind_placement_start": ("placements_placement", '("start")'),
    "ind_placement_temporary": (
        "placements_placement",
        """("period_id", "end") WHERE "placement_type" IN ('T0', 'T1', 'T2', 'T3', 'T4')""",
    ),
    "ind_period_end": ("placements_periodofcare", '("end")'),
    "ind_plan_child_decided": ("placements_permanenceplan", '("child_id", "decided_on" DESC)'),
}


def operations():
    for name, (table, columns) in INDEXES.items():
        yield migrations.RunSQL(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" {columns}',
            reverse_sql=f'DROP INDEX IF EXISTS "{name}"',
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_targets_benchmarks_population"),
        ("children", "0002_initial"),
        ("placements", "0001_initial"),
    ]

    operations = list(operations())
