"""The care records as the children app reads them (children/care.py), registered from
PlacementsConfig.ready()."""

from children import care
from placements.models import LegalStatus, PeriodOfCare, Placement


class PlacementsCare:
    def looked_after_on(self, day):
        return LegalStatus.objects.open_on(day).looked_after()

    def looked_after_between(self, first_day, last_day):
        return LegalStatus.objects.overlapping(first_day, last_day).looked_after()

    def periods_of_care(self):
        return PeriodOfCare.objects.all()

    def legal_statuses(self):
        return LegalStatus.objects.all()

    def placements(self):
        return Placement.objects.all()

    def legal_status_labels(self):
        return dict(LegalStatus._meta.get_field("legal_status").choices)

    def placement_type_labels(self):
        return dict(Placement._meta.get_field("placement_type").choices)


def register():
    care.register(PlacementsCare())
