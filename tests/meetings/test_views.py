"""Bad input through the pages: a clear GOV.UK error, nothing lost, nothing stored."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from corporate_parenting.roles import Role
from meetings.models import MeetingStatus, Paper
from tests.conftest import VerifiedClient
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, published, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, make_user):
    client.force_login(make_user(Role.DEMOCRATIC_SERVICES, first_name="Pat", last_name="Hughes"))
    return client


def test_two_officers_editing_the_same_minutes_get_the_conflict_message(officer_client, make_user):
    item = AgendaItemFactory(meeting=published(date=today()))
    url = reverse("meetings:minutes_change", args=[item.pk])
    other = VerifiedClient()
    other.force_login(make_user(Role.DEMOCRATIC_SERVICES, first_name="Jo", last_name="Bloggs"))
    opened = item.version

    first = other.post(url, {"minutes": "Jo’s minutes", "version": opened})
    second = officer_client.post(url, {"minutes": "Pat’s minutes", "version": opened})

    assert first.status_code == 302
    assert second.status_code == 200
    page = second.content.decode()
    assert "This record was changed by Jo Bloggs" in page
    assert "Pat’s minutes" in page  # the second officer's words are kept on the form
    item.refresh_from_db()
    assert item.minutes == "Jo’s minutes"


def test_an_oversize_upload_is_refused_on_the_page_and_nothing_is_stored(
    officer_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEETINGS_PAPER_MAX_BYTES = 1024
    item = AgendaItemFactory()
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * 2048)
    response = officer_client.post(
        reverse("meetings:paper_add", args=[item.pk]), {"title": "Report", "file": upload}
    )
    assert response.status_code == 200
    assert "The selected file must be smaller than" in response.content.decode()
    assert not Paper.objects.exists()
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.pdf"))


def test_publishing_a_past_meeting_shows_why_on_the_agenda_page(officer_client):
    meeting = MeetingFactory(date=today() - datetime.timedelta(days=3))
    AgendaItemFactory(meeting=meeting, presenter="")
    response = officer_client.post(reverse("meetings:meeting_publish", args=[meeting.pk]))
    page = response.content.decode()
    assert response.status_code == 400
    assert "a meeting in the past cannot be published as upcoming" in page
    assert "Enter the presenting officer for item" in page
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT


def test_an_exempt_item_without_its_paragraph_is_refused_on_the_form(officer_client):
    meeting = MeetingFactory()
    response = officer_client.post(
        reverse("meetings:item_add", args=[meeting.pk]),
        {"title": "Placement costs", "exempt": "yes", "presenter": "Head of Service"},
    )
    assert response.status_code == 200
    assert "Select the Schedule 12A paragraph that makes this item exempt" in (
        response.content.decode()
    )
    assert not meeting.items.exists()
