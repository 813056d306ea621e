from datetime import date

import pytest

from reports.board_dates import (
    is_board_date,
    latest_board_date,
    register_meeting_dates,
    unregister_meeting_dates,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "board_date"),
    [
        (date(2026, 6, 4), date(2026, 5, 31)),
        (date(2026, 5, 31), date(2026, 5, 31)),
        (date(2026, 3, 31), date(2026, 3, 31)),
        (date(2026, 3, 1), date(2026, 2, 28)),
        (date(2024, 3, 1), date(2024, 2, 29)),
        (date(2026, 1, 15), date(2025, 12, 31)),
    ],
)
def test_the_latest_board_date_is_the_month_end_on_or_before(day, board_date):
    assert latest_board_date(day) == board_date
    assert is_board_date(board_date)


def test_a_registered_meeting_date_is_a_board_date():
    meetings = [date(2026, 6, 3)]

    def source(first, last):
        return [day for day in meetings if first <= day <= last]

    assert not is_board_date(date(2026, 6, 3))
    register_meeting_dates(source)
    try:
        assert is_board_date(date(2026, 6, 3))
        assert not is_board_date(date(2026, 6, 4))
        assert latest_board_date(date(2026, 6, 4)) == date(2026, 6, 3)
        assert latest_board_date(date(2026, 6, 2)) == date(2026, 5, 31)
    finally:
        unregister_meeting_dates(source)
    assert latest_board_date(date(2026, 6, 4)) == date(2026, 5, 31)
