from datetime import timedelta

from interviews.models import Panelist, Rating
from interviews.services import panelist_focus


def test_time_on_a_question_accrues_when_the_panelist_moves_on(interview, cast):
    panelist = Panelist.objects.get(user=cast.ada, interview=interview)
    Panelist.objects.filter(pk=panelist.pk).update(
        focus_started_at=panelist.focus_started_at - timedelta(seconds=90)
    )
    panelist_focus(panelist=panelist, position=2)
    first = Rating.objects.get(scorecard__interviewer=cast.ada, interview_question__position=1)
    assert 90 <= first.seconds_spent < 95
    second = Rating.objects.get(scorecard__interviewer=cast.ada, interview_question__position=2)
    assert second.opened_at is not None
    panelist.refresh_from_db()
    assert panelist.current_position == 2


def test_returning_to_the_same_question_does_not_double_count(interview, cast):
    panelist = Panelist.objects.get(user=cast.ada, interview=interview)
    panelist_focus(panelist=panelist, position=1)
    panelist_focus(panelist=panelist, position=1)
    first = Rating.objects.get(scorecard__interviewer=cast.ada, interview_question__position=1)
    assert first.seconds_spent == 0
