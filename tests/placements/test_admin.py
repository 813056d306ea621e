import pytest
from django.contrib import admin
from django.urls import reverse

from placements.models import (
    LegalStatus,
    PeriodOfCare,
    PermanencePlan,
    Placement,
    PreviousPermanence,
    Provider,
)
from tests.factories import PermanencePlanFactory, PlacementFactory

MODELS = [PeriodOfCare, LegalStatus, Provider, Placement, PermanencePlan, PreviousPermanence]


def test_every_placements_model_is_in_the_admin():
    assert all(admin.site.is_registered(model) for model in MODELS)


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS)
def test_each_admin_list_opens_for_a_superuser(client, django_user_model, model):
    PlacementFactory()
    PermanencePlanFactory()
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "x"))
    url = reverse(f"admin:placements_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200
