from django.db import migrations

ROLE_LABELS = [
    "Social worker",
    "Team manager",
    "Performance officer",
    "Democratic services officer",
    "Board member",
    "Administrator",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for label in ROLE_LABELS:
        Group.objects.get_or_create(name=label)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_LABELS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("corporate_parenting", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
