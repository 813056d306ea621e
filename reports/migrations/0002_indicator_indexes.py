"""Formerly: the indexes the indicator queries lean on, created here by raw SQL on the children
and placements tables.

Those indexes now belong to the models that own the tables (Meta.indexes; migrations
children 0004_indicator_indexes and placements 0004_indicator_indexes adopt them under the same
names). This migration is kept, empty, so that databases that applied it stay consistent.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_targets_benchmarks_population"),
        ("children", "0002_initial"),
        ("placements", "0001_initial"),
    ]

    operations = []
