"""What the loop-fix migrations do to existing rows: a loop link made before links stored their
reports covers what existed when it was made, and a no-hire recorded with a level loses the level
(which meant nothing) but keeps its reason."""

from datetime import timedelta

import pytest
from django.utils import timezone

from interviews.models import LoopDecision
from interviews.reports.models import FeedbackLink, Report
from interviews.reports.services import feedback_link_create
from tests.migrating import latest, migrate
from tests.reports.test_candidate_page import two_interview_loop
from tests.reports.test_loop_feedback_links import report_the_live_interview

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_older_loop_link_is_given_the_reports_built_by_its_creation(cast):
    loop, first, _ = two_interview_loop(cast)
    link, _ = feedback_link_create(
        loop=loop,
        created_by=cast.manager,
        expires_at=timezone.now() + timedelta(days=3),
        share_level=False,
    )
    second = report_the_live_interview(loop, cast.grace)
    Report.objects.filter(interview=second).update(built_at=timezone.now() + timedelta(hours=1))
    try:
        migrate([("reports", "0003_feedback_for_loops_and_stored_feedback_pdfs")])
    finally:
        migrate(latest())
    covered = FeedbackLink.objects.get(pk=link.pk).loop_reports.values_list("interview", flat=True)
    assert list(covered) == [first.pk]


def test_a_no_hire_recorded_with_a_level_keeps_its_reason_and_loses_the_level(cast):
    loop, _, _ = two_interview_loop(cast)
    decision = LoopDecision.objects.create(
        loop=loop,
        outcome="no_hire",
        reason="Not this time.",
        decided_by=cast.manager,
        decided_at=timezone.now(),
    )
    try:
        migrate([("interviews", "0009_rating_submitted_level")])
        LoopDecision.objects.filter(pk=decision.pk).update(level="senior")  # allowed back then
    finally:
        migrate(latest())
    decision.refresh_from_db()
    assert (decision.outcome, decision.level, decision.reason) == ("no_hire", "", "Not this time.")
