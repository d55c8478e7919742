"""A scorecard belongs to a panelist: its interview and interviewer are the panelist's, and
PostgreSQL refuses any row where they are not (the composite foreign key of migration 0014)."""

import pytest
from django.db import IntegrityError, connection, transaction

from interviews.models import Panelist, Scorecard
from tests.interviews.builders import make_interview, make_kit

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite adds no constraint to an existing table"
)


def refused(write) -> bool:
    """Whether the database refuses the write; its deferred checks run before the savepoint ends."""
    try:
        with transaction.atomic():
            write()
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    except IntegrityError:
        return True
    return False


@pytest.fixture
def two_interviews(cast):
    first = make_interview(panel=[cast.ada, cast.grace])
    second = make_interview(panel=[cast.ada], kit=make_kit(slug="other-kit"))
    return first, second


def test_a_scorecard_moved_to_another_interview_than_its_panelists_is_refused(two_interviews, cast):
    first, second = two_interviews
    card = Scorecard.objects.get(interview=first, interviewer=cast.grace)
    assert refused(lambda: Scorecard.objects.filter(pk=card.pk).update(interview=second))
    assert Scorecard.objects.get(pk=card.pk).interview_id == first.pk


def test_a_scorecard_given_to_another_person_than_its_panelists_is_refused(two_interviews, cast):
    first, _ = two_interviews
    card = Scorecard.objects.get(interview=first, interviewer=cast.grace)
    assert refused(lambda: Scorecard.objects.filter(pk=card.pk).update(interviewer=cast.manager))


def test_a_scorecard_pointing_at_someone_elses_panelist_is_refused(two_interviews, cast):
    first, _ = two_interviews
    stranger = Panelist.objects.create(interview=first, user=cast.manager)
    card = Scorecard.objects.get(interview=first, interviewer=cast.grace)
    assert refused(lambda: Scorecard.objects.filter(pk=card.pk).update(panelist=stranger))


def test_a_panelist_moved_to_another_person_under_its_scorecard_is_refused(two_interviews, cast):
    first, _ = two_interviews
    panelist = Panelist.objects.get(interview=first, user=cast.grace)
    assert refused(lambda: Panelist.objects.filter(pk=panelist.pk).update(user=cast.manager))


def test_a_scorecard_that_agrees_with_its_panelist_is_accepted(two_interviews, cast):
    _, second = two_interviews
    panelist = Panelist.objects.create(interview=second, user=cast.grace)
    assert not refused(
        lambda: Scorecard.objects.create(
            interview=second, interviewer=cast.grace, panelist=panelist
        )
    )
