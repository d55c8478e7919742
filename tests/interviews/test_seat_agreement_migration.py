"""What migration 0014 does with scorecards that disagree with their seat, on a database that
holds some: each scorecard ends on the seat of its own (interview, interviewer), a seat is created
for it if that person had none, and a seat left without a scorecard gets an empty one. Nothing is
deleted."""

import pytest
from django.db import connection

from interviews.models import Panelist, Rating, Scorecard
from tests.interviews.builders import make_interview
from tests.migrating import latest, migrate

BEFORE = [("interviews", "0013_amendment_keys")]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the data is set up in SQL"),
]


def seat_of(card: Scorecard) -> tuple[int, int]:
    card.refresh_from_db()
    return card.panelist.interview_id, card.panelist.user_id


def test_disagreeing_scorecards_are_moved_to_their_own_seats(cast):
    interview = make_interview(panel=[cast.ada, cast.grace], questions=2)
    ada = Scorecard.objects.get(interview=interview, interviewer=cast.ada)
    grace = Scorecard.objects.get(interview=interview, interviewer=cast.grace)
    ada_seat, grace_seat = ada.panelist, grace.panelist
    try:
        migrate(BEFORE)
        # Ada's and Grace's scorecards each point at the other's seat (a swap, through a spare).
        spare = Panelist.objects.create(interview=interview, user=cast.manager)
        for card, seat in ((ada, spare), (grace, ada_seat), (ada, grace_seat)):
            Scorecard.objects.filter(pk=card.pk).update(panelist=seat)
        spare.delete()
    finally:
        migrate(latest())
    assert seat_of(ada) == (interview.pk, cast.ada.pk)
    assert seat_of(grace) == (interview.pk, cast.grace.pk)
    assert ada.panelist_id == ada_seat.pk
    assert Panelist.objects.filter(interview=interview).count() == 2


def test_a_scorecard_whose_person_had_no_seat_gets_one_and_the_empty_seat_a_scorecard(cast):
    interview = make_interview(panel=[cast.ada, cast.grace], questions=2)
    grace = Scorecard.objects.get(interview=interview, interviewer=cast.grace)
    ratings_before = Rating.objects.filter(scorecard=grace).count()
    try:
        migrate(BEFORE)
        with connection.cursor() as cursor:
            # Grace's seat is handed to the manager under her scorecard.
            cursor.execute(
                "UPDATE interviews_panelist SET user_id = %s WHERE id = %s",
                [cast.manager.pk, grace.panelist_id],
            )
    finally:
        migrate(latest())
    grace.refresh_from_db()
    assert seat_of(grace) == (interview.pk, cast.grace.pk)
    assert not grace.panelist.is_lead
    assert Rating.objects.filter(scorecard=grace).count() == ratings_before
    manager = Scorecard.objects.get(interview=interview, interviewer=cast.manager)
    assert manager.panelist.user_id == cast.manager.pk
    assert manager.submitted_at is None
    assert Rating.objects.filter(scorecard=manager, locked=False).count() == 2
