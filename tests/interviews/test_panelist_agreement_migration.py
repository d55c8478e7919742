"""What migration 0014 does with scorecards that disagree with their panelist, on a database
that holds some: each scorecard ends on the panelist of its own (interview, interviewer), a
panelist is created for it if that person was not on the panel, and a panelist left without a
scorecard gets an empty one (its ratings locked on a closed interview). Nothing is deleted, and
the migration prints what it changed."""

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


def owner_of(card: Scorecard) -> tuple[int, int]:
    card.refresh_from_db()
    return card.panelist.interview_id, card.panelist.user_id


def test_disagreeing_scorecards_are_moved_to_their_own_panelists(cast):
    interview = make_interview(panel=[cast.ada, cast.grace], questions=2)
    ada = Scorecard.objects.get(interview=interview, interviewer=cast.ada)
    grace = Scorecard.objects.get(interview=interview, interviewer=cast.grace)
    ada_panelist, grace_panelist = ada.panelist, grace.panelist
    try:
        migrate(BEFORE)
        # Ada's and Grace's scorecards each point at the other's panelist (swapped via a spare).
        spare = Panelist.objects.create(interview=interview, user=cast.manager)
        for card, panelist in ((ada, spare), (grace, ada_panelist), (ada, grace_panelist)):
            Scorecard.objects.filter(pk=card.pk).update(panelist=panelist)
        spare.delete()
    finally:
        migrate(latest())
    assert owner_of(ada) == (interview.pk, cast.ada.pk)
    assert owner_of(grace) == (interview.pk, cast.grace.pk)
    assert ada.panelist_id == ada_panelist.pk
    assert Panelist.objects.filter(interview=interview).count() == 2


def test_a_scorecard_whose_person_left_the_panel_gets_a_panelist_and_the_emptied_one_a_scorecard(
    cast, capsys
):
    interview = make_interview(panel=[cast.ada, cast.grace], questions=2)
    grace = Scorecard.objects.get(interview=interview, interviewer=cast.grace)
    ratings_before = Rating.objects.filter(scorecard=grace).count()
    try:
        migrate(BEFORE)
        with connection.cursor() as cursor:
            # Grace's panelist row is handed to the manager under her scorecard.
            cursor.execute(
                "UPDATE interviews_panelist SET user_id = %s WHERE id = %s",
                [cast.manager.pk, grace.panelist_id],
            )
    finally:
        migrate(latest())
    grace.refresh_from_db()
    assert owner_of(grace) == (interview.pk, cast.grace.pk)
    assert not grace.panelist.is_lead
    assert Rating.objects.filter(scorecard=grace).count() == ratings_before
    manager = Scorecard.objects.get(interview=interview, interviewer=cast.manager)
    assert manager.panelist.user_id == cast.manager.pk
    assert manager.submitted_at is None
    assert Rating.objects.filter(scorecard=manager, locked=False).count() == 2
    assert (
        "scorecards moved to their own panelist: 1; panelists created: 1; "
        "empty scorecards created: 1 (0 on completed or cancelled interviews"
    ) in capsys.readouterr().out


def test_the_empty_scorecard_made_on_a_completed_interview_has_its_ratings_locked(cast, capsys):
    interview = make_interview(panel=[cast.ada, cast.grace], questions=2)
    grace = Scorecard.objects.get(interview=interview, interviewer=cast.grace)
    try:
        migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE interviews_interview SET state = 'completed', completed_at = now() "
                "WHERE id = %s",
                [interview.pk],
            )
            cursor.execute(
                "UPDATE interviews_panelist SET user_id = %s WHERE id = %s",
                [cast.manager.pk, grace.panelist_id],
            )
    finally:
        migrate(latest())
    manager = Scorecard.objects.get(interview=interview, interviewer=cast.manager)
    assert manager.submitted_at is None
    assert Rating.objects.filter(scorecard=manager, locked=True).count() == 2
    assert Rating.objects.filter(scorecard=manager, locked=False).count() == 0
    assert "empty scorecards created: 1 (1 on completed or cancelled interviews" in (
        capsys.readouterr().out
    )
