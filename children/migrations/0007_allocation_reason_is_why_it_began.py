"""SW_REASON is the reason a social worker episode began (the DfE's reading), not why it ended.

The reason held on an allocation moves to the social worker allocation that followed it; a
child's first social worker allocation we hold began on first contact (FCONTA). Reversing moves
each reason back to the allocation before.
"""

from django.db import migrations, models

FIRST_CONTACT = "FCONTA"


def _social_worker_allocations(apps):
    Allocation = apps.get_model("children", "Allocation")
    by_child = {}
    for allocation in Allocation.objects.filter(kind="SW").order_by("child_id", "start"):
        by_child.setdefault(allocation.child_id, []).append(allocation)
    return Allocation, by_child.values()


def reason_to_the_allocation_that_began(apps, schema_editor):
    Allocation, children = _social_worker_allocations(apps)
    changed = []
    for allocations in children:
        reasons = [FIRST_CONTACT] + [a.start_reason for a in allocations[:-1]]
        for allocation, reason in zip(allocations, reasons, strict=True):
            if allocation.start_reason != reason:
                allocation.start_reason = reason
                changed.append(allocation)
    Allocation.objects.bulk_update(changed, ["start_reason"], batch_size=1000)


def reason_back_to_the_allocation_that_ended(apps, schema_editor):
    Allocation, children = _social_worker_allocations(apps)
    changed = []
    for allocations in children:
        reasons = [a.start_reason for a in allocations[1:]] + [""]
        for allocation, reason in zip(allocations, reasons, strict=True):
            if allocation.start_reason != reason:
                allocation.start_reason = reason
                changed.append(allocation)
    Allocation.objects.bulk_update(changed, ["start_reason"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("children", "0006_allocation_approved_by")]

    operations = [
        migrations.RenameField("allocation", "end_reason", "start_reason"),
        migrations.AlterField(
            model_name="allocation",
            name="start_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("MANAGE", "Management decision"),
                    ("FCONTA", "First contact with children's social care"),
                    ("LEFTRL", "Social worker left the role"),
                    ("ORGRST", "Organisational restructure"),
                    ("TSPROC", "Transfer between teams as standard process"),
                    ("ABSENC", "Social worker absence"),
                    ("CHCHAN", "Child asked for a change"),
                    ("PCCHAN", "Parent or carer asked for a change"),
                    ("SWDIED", "Social worker died"),
                    ("OTHERS", "Other reason"),
                ],
                max_length=6,
                verbose_name="Reason for the change",
            ),
        ),
        migrations.RunPython(
            reason_to_the_allocation_that_began, reason_back_to_the_allocation_that_ended
        ),
    ]
