"""What the amendment history back-fills on a database that had amendments before it: a migration
back to before the fields existed and forward again gives every row the value the services would
have written."""

import pytest

from interviews.models import Amendment, Rating
from interviews.services import scorecard_amend
from tests.migrating import latest, migrate
from tests.reports.builders import enqueue_disabled, make_interview, make_kit, rate, submit

BEFORE = [("interviews", "0007_loops")]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def history(cast):
    """Ada submits 3, 2 and amends alone, Grace submits 2, 2, Ada amends again after reading
    Grace's card."""
    interview = make_interview(kit=make_kit(questions=2), panel=[cast.ada, cast.grace])
    with enqueue_disabled():
        rate(interview, cast.ada, [3, 2])
        ada = submit(interview, cast.ada)
        scorecard_amend(scorecard=ada, author=cast.ada, ratings={1: 4}, reason="Slept on it")
        rate(interview, cast.grace, [2, 2])
        submit(interview, cast.grace)
        scorecard_amend(scorecard=ada, author=cast.ada, ratings={1: 2}, reason="Read Grace's card")
    return interview


def test_after_reading_is_back_filled_from_the_submission_times(history):
    written = list(Amendment.objects.order_by("id").values_list("after_reading", flat=True))
    assert written == [False, True]
    try:
        migrate(BEFORE)
    finally:
        migrate(latest())
    assert list(Amendment.objects.order_by("id").values_list("after_reading", flat=True)) == [
        False,
        True,
    ]


def submitted_levels() -> list[tuple[str, int, int | None, int | None]]:
    return list(
        Rating.objects.order_by(
            "scorecard__interviewer__username", "interview_question__position"
        ).values_list(
            "scorecard__interviewer__username",
            "interview_question__position",
            "level",
            "submitted_level",
        )
    )


def test_the_level_as_submitted_is_back_filled_from_the_first_amendment(history):
    written = submitted_levels()
    assert written == [("ada", 1, 2, 3), ("ada", 2, 2, 2), ("grace", 1, 2, 2), ("grace", 2, 2, 2)]
    try:
        migrate(BEFORE)
        Rating.objects.update(locked=False)  # submitted before ratings were locked at all
    finally:
        migrate(latest())
    assert submitted_levels() == written
    assert not Rating.objects.filter(locked=False).exists()


def test_a_key_stored_before_strict_parsing_is_rewritten_as_the_position_it_changed(history):
    """A key "question:<full-width 1>" changed question 1 (int() read it so) and was stored as
    sent; 0013 spells it "question:1", which calibration's SQL reads. A key int() cannot read
    changed nothing: it is kept."""
    first, second = Amendment.objects.order_by("id")
    Amendment.objects.filter(pk=first.pk).update(
        changes={"question:\uff11": [3, 4], "level": ["senior", "staff"]}
    )
    Amendment.objects.filter(pk=second.pk).update(changes={"question:+1": [4, 2], "question:x": 1})
    try:
        migrate([("interviews", "0012_api_updated_at")])
    finally:
        migrate(latest())
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.changes == {"question:1": [3, 4], "level": ["senior", "staff"]}
    assert second.changes == {"question:1": [4, 2], "question:x": 1}
