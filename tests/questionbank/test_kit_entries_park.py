"""kit_entries_park: entries moved aside, so that a kit's new order can be written in any order."""

import pytest

from questionbank.models import KitQuestion
from questionbank.services import kit_entries_park
from tests.questionbank.factories import KitFactory, QuestionFactory, published_question

pytestmark = pytest.mark.django_db


def test_parked_kit_entries_leave_their_positions_free():
    kit = KitFactory()
    first, second = (published_question() for _ in range(2))
    entries = [
        KitQuestion.objects.create(kit=kit, question=question, position=position, minutes=5)
        for position, question in enumerate((first, second), start=1)
    ]
    kit_entries_park(entry_ids=[entry.pk for entry in entries])
    KitQuestion.objects.create(kit=kit, question=QuestionFactory(), position=1, minutes=5)
    assert sorted(kit.entries.values_list("position", flat=True)) == [1, 10001, 10002]
