"""The indexes the indicator queries lean on, now declared in the placements models'
Meta.indexes.

reports/migrations/0002_indicator_indexes.py used to create them by raw SQL with these names.
A database migrated before has them already: each is dropped if it exists and created again
from the model's declaration, so fresh and existing databases end the same.
"""

from django.db import migrations, models

DROP = "DROP INDEX IF EXISTS {}"


def adopt(model_name, index):
    return [
        migrations.RunSQL(DROP.format(index.name), reverse_sql=migrations.RunSQL.noop),
        migrations.AddIndex(model_name=model_name, index=index),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0003_no_overlap_by_statement_triggers"),
    ]

    operations = [
        *adopt("periodofcare", models.Index(fields=["end"], name="ind_period_end")),
        *adopt(
            "permanenceplan",
            models.Index(fields=["child", "-decided_on"], name="ind_plan_child_decided"),
        ),
        *adopt("placement", models.Index(fields=["start"], name="ind_placement_start")),
        *adopt(
            "placement",
            models.Index(
                condition=models.Q(("placement_type__in", ["T0", "T1", "T2", "T3", "T4"])),
                fields=["period", "end"],
                name="ind_placement_temporary",
            ),
        ),
    ]
