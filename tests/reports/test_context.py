import pytest

from reports.context import AMBER, GREEN, RED, rag_for
from reports.models import Target


def target(higher, green, amber):
    return Target(
        code="X", value=green, green_threshold=green, amber_threshold=amber, higher_is_better=higher
    )


class FakeValue:
    def __init__(self, value):
        self.value = value


@pytest.mark.parametrize(("value", "rag"), [(90, GREEN), (89.9, AMBER), (80, AMBER), (79.9, RED)])
def test_rag_when_higher_is_better(value, rag):
    assert rag_for(FakeValue(value), target(True, 90, 80)) == rag


@pytest.mark.parametrize(("value", "rag"), [(10, GREEN), (10.1, AMBER), (12, AMBER), (13, RED)])
def test_rag_when_lower_is_better(value, rag):
    assert rag_for(FakeValue(value), target(False, 10, 12)) == rag


def test_no_rag_without_a_target_or_a_value():
    assert rag_for(FakeValue(5), None) is None
    assert rag_for(FakeValue(None), target(True, 1, 0)) is None
