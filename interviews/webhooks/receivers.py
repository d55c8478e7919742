"""What webhooks do when interviews or reports announce a change (interviews/signals.py,
interviews/reports/signals.py).

Receivers run inside the sender's transaction: the event and its deliveries commit with the change
that caused them, and their hand-off to the broker happens only after that commit.
"""

from django.dispatch import receiver

from interviews.reports.signals import feedback_link_viewed, report_ready
from interviews.signals import (
    decision_recorded,
    interview_completed,
    interview_scheduled,
    scorecard_submitted,
)
from interviews.webhooks.models import EventType
from interviews.webhooks.services import event_record
from interviews.webhooks.tasks import deliveries_enqueue_on_commit


def announce(event_type: str, **refs) -> None:
    deliveries_enqueue_on_commit(event_record(event_type=event_type, **refs))


@receiver(interview_scheduled, dispatch_uid="webhooks-interview-scheduled")
def on_interview_scheduled(sender, *, interview_id: int, **kwargs) -> None:
    announce(EventType.INTERVIEW_SCHEDULED, interview_id=interview_id)


@receiver(scorecard_submitted, dispatch_uid="webhooks-scorecard-submitted")
def on_scorecard_submitted(sender, *, interview_id: int, scorecard_id: int, **kwargs) -> None:
    announce(EventType.SCORECARD_SUBMITTED, interview_id=interview_id, scorecard_id=scorecard_id)


@receiver(interview_completed, dispatch_uid="webhooks-interview-completed")
def on_interview_completed(sender, *, interview_id: int, **kwargs) -> None:
    announce(EventType.INTERVIEW_COMPLETED, interview_id=interview_id)


@receiver(report_ready, dispatch_uid="webhooks-report-ready")
def on_report_ready(sender, *, report_id: int, interview_id: int, **kwargs) -> None:
    announce(EventType.REPORT_READY, report_id=report_id, interview_id=interview_id)


@receiver(decision_recorded, dispatch_uid="webhooks-decision-recorded")
def on_decision_recorded(sender, *, loop_id: int, decision_id: int, **kwargs) -> None:
    announce(EventType.DECISION_RECORDED, loop_id=loop_id, decision_id=decision_id)


@receiver(feedback_link_viewed, dispatch_uid="webhooks-feedback-link-viewed")
def on_feedback_link_viewed(sender, *, link_id: int, **kwargs) -> None:
    announce(EventType.FEEDBACK_LINK_VIEWED, link_id=link_id)
