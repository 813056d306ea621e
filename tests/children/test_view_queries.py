"""The social worker's pages the load test opens (caseload, a child's record) make as many
queries for a big caseload or a long record as for a small one."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from children import models
from corporate_parenting.roles import Role
from tests.children.helpers import put_in_care
from tests.factories import ChildFactory, ReviewFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def in_care(team, n):
    children = []
    for i in range(n):
        child = ChildFactory(team=team, date_of_birth=D(2010, 1, 1 + i % 28))
        put_in_care(child, D(2020, 1, 1 + i % 28))
        children.append(child)
    return children


def count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_caseload_makes_the_same_queries_for_3_children_as_for_30(client, make_user, team):
    client.force_login(make_user(Role.SOCIAL_WORKER, team=team))
    url = reverse("children:caseload")
    in_care(team, 3)
    client.get(url)
    small = count(client, url)
    in_care(team, 27)
    large = count(client, url)
    assert large == small, f"{small} queries for 3 children, {large} for 30"


def a_long_record(child, n):
    for i in range(n):
        day = D(2021, 1, 1) + datetime.timedelta(days=30 * i)
        ReviewFactory(child=child, date=day)
        models.StatutoryVisit.objects.create(child=child, date=day)
        models.HealthCheck.objects.create(child=child, date=day, kind="HA")
        models.PersonalEducationPlan.objects.create(child=child, date=day)
        models.MissingEpisode.objects.create(child=child, start=day, kind="M")


def test_a_childs_record_makes_the_same_queries_for_a_short_and_a_long_record(
    client, make_user, team
):
    client.force_login(make_user(Role.SOCIAL_WORKER, team=team))
    short, long = in_care(team, 2)
    a_long_record(short, 1)
    a_long_record(long, 12)
    client.get(reverse("children:child_detail", args=[short.pk]))
    few = count(client, reverse("children:child_detail", args=[short.pk]))
    many = count(client, reverse("children:child_detail", args=[long.pk]))
    assert many == few, f"{few} queries for a short record, {many} for a long one"
