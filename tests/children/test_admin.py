import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import ChildFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def test_every_children_model_is_in_the_admin():
    models = set(apps.get_app_config("children").get_models())
    assert models <= set(admin.site._registry)


@pytest.mark.parametrize("model", list(apps.get_app_config("children").get_models()))
def test_every_children_changelist_opens_for_an_administrator(client, make_user, model):
    ReviewFactory(child=ChildFactory(local_id="ADM1", last_name="Searchable"))
    client.force_login(make_user(is_staff=True, is_superuser=True))
    url = reverse(f"admin:children_{model._meta.model_name}_changelist")
    assert client.get(url, {"q": "Searchable"}).status_code == 200
