"""The indexes the indicator queries lean on, now declared in the children models' Meta.indexes.

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
        ("children", "0003_no_overlap_by_statement_triggers"),
    ]

    operations = [
        *adopt(
            "allocation",
            models.Index(fields=["child", "kind", "start"], name="ind_allocation_child_kind"),
        ),
        *adopt(
            "careleavercontact",
            models.Index(fields=["child", "-date"], name="ind_contact_child_date"),
        ),
        *adopt("child", models.Index(fields=["date_of_birth"], name="ind_child_birth")),
        *adopt("missingepisode", models.Index(fields=["start"], name="ind_missing_start")),
        *adopt(
            "pathwayplanreview",
            models.Index(fields=["child", "date"], name="ind_pathway_child_date"),
        ),
        *adopt(
            "personaleducationplan",
            models.Index(fields=["child", "date"], name="ind_pep_child_date"),
        ),
        *adopt(
            "statutoryvisit",
            models.Index(
                condition=models.Q(("seen", True)),
                fields=["child", "-date", "-id"],
                name="ind_visit_child_date",
            ),
        ),
    ]
