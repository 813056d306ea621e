"""Placements rows the children tests need, made through the app registry like children does
(the placements helper owns placements' own factories)."""

from django.apps import apps


def put_in_care(child, start, *, end=None, legal_status="C2", placement_type="U4"):
    PeriodOfCare = apps.get_model("placements", "PeriodOfCare")
    LegalStatus = apps.get_model("placements", "LegalStatus")
    Placement = apps.get_model("placements", "Placement")
    period = PeriodOfCare.objects.create(
        child=child, start=start, end=end, reason_ceased="E8" if end else ""
    )
    LegalStatus.objects.create(
        period=period,
        child=child,
        start=start,
        end=end,
        legal_status=legal_status,
        category_of_need="N1",
    )
    Placement.objects.create(
        period=period, child=child, start=start, end=end, placement_type=placement_type
    )
    return period
