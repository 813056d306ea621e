"""Error pages: the GOV.UK pages, also with DEBUG on as `make run` has it; no traceback for a
denial."""

import logging
import sys

import pytest

from corporate_parenting.logs import NoTracebackFor403
from corporate_parenting.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("debug", [True, False])
def test_an_unknown_address_answers_with_the_govuk_page_not_found(
    client, make_user, settings, debug
):
    settings.DEBUG = debug
    client.force_login(make_user(Role.SOCIAL_WORKER))

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    body = response.content.decode()
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in body
    assert "URLconf" not in body and "urlpatterns" not in body.lower()


def test_a_view_raising_not_found_with_debug_on_answers_with_the_govuk_page(
    client, make_user, settings
):
    settings.DEBUG = True
    client.force_login(make_user(Role.PERFORMANCE_OFFICER))

    response = client.get("/children/999999999/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Django" not in response.content.decode()


def test_a_denial_is_logged_without_its_traceback():
    try:
        raise PermissionError("no")
    except PermissionError:
        info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.WARNING, "", 0, "Forbidden", (), info)
    record.status_code = 403
    other = logging.LogRecord("django.request", logging.ERROR, "", 0, "Error", (), info)
    other.status_code = 500

    assert NoTracebackFor403().filter(record) and NoTracebackFor403().filter(other)
    assert record.exc_info is None
    assert other.exc_info is not None


def test_the_console_log_uses_the_denial_filter(settings):
    assert "no_traceback_for_denials" in settings.LOGGING["handlers"]["console"]["filters"]
