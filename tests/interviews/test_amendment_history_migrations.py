"""What the amendment history back-fills on a database that had amendments before it: a migration
back to before the fields existed and forward again gives every row the value the services would
have written."""

import pytest

from interviews.models import Amendment
from interviews.services import scorecard_amend
from tests.migrating import latest, migrate
from tests.reports.builders import enqueue_disabled, make_interview, make_kit, rate, submit

BEFORE = [("interviews", "0005_reports_and_calibration_move_out")]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def history(cast):
    """Ada submits and amends alone, Grace submits, Ada amends again after reading Grace's card."""
    interview = make_interview(kit=make_kit(questions=2), panel=[cast.ada, cast.grace])
    with enqueue_disabled():
        rate(interview, cast.ada, [3, 2])
        ada = submit(interview, cast.ada)
        scorecard_amend(
            scorecard=ada, author=cast.ada, changes={"question:1": 4}, reason="Slept on it"
        )
        rate(interview, cast.grace, [2, 2])
        submit(interview, cast.grace)
        scorecard_amend(
            scorecard=ada, author=cast.ada, changes={"question:1": 2}, reason="Read Grace's card"
        )
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
