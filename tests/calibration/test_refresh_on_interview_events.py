"""Calibration summarises completed interviews: completing one, or amending a scorecard of one,
queues a refresh once that transaction commits (interviews/signals.py -> calibration/receivers.py).
"""

from interviews.calibration.models import CalibrationRun, QuestionCalibrationCell
from interviews.services import scorecard_amend
from tests.reports.builders import enqueue_disabled, make_interview, make_kit, rate, submit


def test_completing_an_interview_refreshes_the_calibration_summary(
    cast, django_capture_on_commit_callbacks
):
    interview = make_interview(kit=make_kit(questions=2), panel=[cast.ada, cast.grace])
    rate(interview, cast.ada, [3, 2])
    rate(interview, cast.grace, [3, 3])
    with enqueue_disabled(), django_capture_on_commit_callbacks(execute=True):
        submit(interview, cast.ada)
    assert not CalibrationRun.objects.exists()  # one panelist to go: nothing new to summarise

    with enqueue_disabled(), django_capture_on_commit_callbacks(execute=True):
        submit(interview, cast.grace)  # eager in tests: the refresh runs on commit
    run = CalibrationRun.objects.get()
    assert (run.interviews, run.ratings) == (1, 4)
    cells = QuestionCalibrationCell.objects.filter(kit=interview.kit)
    assert sum(cell.n for cell in cells) == 4


def test_an_amendment_refreshes_the_summary_which_keeps_the_level_as_submitted(
    cast, django_capture_on_commit_callbacks
):
    interview = make_interview(kit=make_kit(questions=1), panel=[cast.ada, cast.grace])
    rate(interview, cast.ada, [2])
    rate(interview, cast.grace, [4])
    with enqueue_disabled(), django_capture_on_commit_callbacks(execute=True):
        submit(interview, cast.ada)
        submit(interview, cast.grace)
    scorecard = interview.scorecards.get(interviewer=cast.ada)
    with enqueue_disabled(), django_capture_on_commit_callbacks(execute=True):
        # Ada reads Grace's 4 and moves to it: the panel did not agree when it scored.
        scorecard_amend(scorecard=scorecard, author=cast.ada, ratings={1: 4}, reason="misread")
    assert CalibrationRun.objects.count() == 2  # the completion, then the amendment
    cell = QuestionCalibrationCell.objects.get(kit=interview.kit)
    assert (cell.n, cell.sum_x, cell.n_2, cell.n_4) == (2, 6, 1, 1)
