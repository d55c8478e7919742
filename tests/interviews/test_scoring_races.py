"""The races that must never lose or smuggle a write, run against PostgreSQL for real."""

import threading

import pytest
from django.db import connection

from interviews.models import Rating, Scorecard
from interviews.services import (
    NotOnPanel,
    Rater,
    RatingConflict,
    ScoringClosed,
    interview_cancel,
    rating_save_level,
    rating_save_notes,
    scorecard_submit,
)
from interviews.services.scoring import explain_refusal
from tests.interviews.builders import make_interview


def scorecard_of(user) -> Scorecard:
    return Scorecard.objects.select_related("interview", "panelist").get(interviewer=user)


def test_a_write_with_a_stale_scorecard_after_submit_is_refused(interview, cast):
    stale = scorecard_of(cast.ada)  # loaded by a request still in flight
    rating_save_level(rater=Rater.of(stale), position=1, level=3, version=0)
    scorecard_submit(
        scorecard=scorecard_of(cast.ada), recommendation="yes", level="senior", summary=""
    )
    with pytest.raises(ScoringClosed):
        rating_save_notes(rater=Rater.of(stale), position=1, notes="after submit", version=0)
    with pytest.raises(ScoringClosed):
        rating_save_level(rater=Rater.of(stale), position=1, level=1, version=1)
    rating = Rating.objects.get(scorecard=stale, interview_question__position=1)
    assert (rating.level, rating.notes) == (3, "")


def test_a_cancelled_interview_takes_no_write_from_a_request_in_flight(interview, cast):
    stale = scorecard_of(cast.ada)
    interview_cancel(interview=interview)
    with pytest.raises(ScoringClosed):
        rating_save_level(rater=Rater.of(stale), position=1, level=2, version=0)


def test_the_same_value_resent_after_a_lost_answer_is_already_saved(interview, cast):
    scorecard = scorecard_of(cast.ada)
    first = rating_save_notes(rater=Rater.of(scorecard), position=1, notes="kept", version=0)
    again = rating_save_notes(rater=Rater.of(scorecard), position=1, notes="kept", version=0)
    assert again.version == first.version == 1
    with pytest.raises(RatingConflict):
        rating_save_notes(rater=Rater.of(scorecard), position=1, notes="different", version=0)


@pytest.mark.django_db(transaction=True)
def test_of_two_simultaneous_writes_on_one_version_exactly_one_wins(cast):
    interview = make_interview([cast.ada])
    scorecard_id = scorecard_of(cast.ada).pk
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def write(level: int) -> None:
        try:
            scorecard = Scorecard.objects.select_related("interview").get(pk=scorecard_id)
            barrier.wait()
            rating_save_level(rater=Rater.of(scorecard), position=1, level=level % 4 + 1, version=0)
            outcomes.append("saved")
        except RatingConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    rating = Rating.objects.get(scorecard_id=scorecard_id, interview_question__position=1)
    # Same-value writes count as saved; what matters is one version step and no lost update.
    assert rating.level_version == 1
    assert outcomes.count("saved") >= 1
    assert len(outcomes) == 8
    assert interview.pk


def test_a_rater_who_is_not_on_the_panel_is_refused_as_such(interview, cast):
    outsider = Rater(interview_id=interview.pk, interviewer_id=cast.manager.pk)
    with pytest.raises(NotOnPanel):
        rating_save_level(rater=outsider, position=1, level=3, version=0)
    assert not Rating.objects.filter(scorecard__interview=interview, level_version__gt=0).exists()


def test_a_refusal_that_nothing_explains_any_more_asks_for_the_write_again(interview, cast):
    # The UPDATE ran a moment before the interview started; explained afterwards, the row would
    # match: that is neither a conflict nor a closed scorecard.
    rater = Rater.of(scorecard_of(cast.ada))
    with pytest.raises(ScoringClosed, match="send it again"):
        explain_refusal(rater=rater, position=1, part="level", version=0, yours=3)
