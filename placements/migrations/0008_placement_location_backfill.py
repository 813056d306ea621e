"""Work out the distance from home and the placement's local authority for the placements
already held, from their postcodes (a recorded distance is kept where the postcodes cannot be
used)."""

from django.db import migrations

FIELDS = ("distance_miles", "inside_area", "placement_la", "distance_basis")


def backfill(apps, schema_editor):
    from placements.postcodes import placement_location

    Placement = apps.get_model("placements", "Placement")
    batch = []
    for placement in Placement.objects.filter(distance_basis="").iterator(2000):
        location = placement_location(
            home_postcode=placement.home_postcode,
            postcode=placement.postcode,
            recorded_distance=placement.distance_miles,
            recorded_inside=placement.inside_area,
        )
        for name, value in location.as_fields().items():
            setattr(placement, name, value)
        batch.append(placement)
        if len(batch) == 2000:
            Placement.objects.bulk_update(batch, FIELDS)
            batch = []
    if batch:
        Placement.objects.bulk_update(batch, FIELDS)


class Migration(migrations.Migration):
    dependencies = [("placements", "0007_placement_location_from_postcodes")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
