"""Celery tasks for interviews: thin wrappers that take ids and call a service.

Every task is safe to run twice: a report is keyed by its inputs, the sweep only re-enqueues, and a
reminder records when it was sent under a row lock.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from interviews.calibration.tasks import refresh_calibration
from interviews.reports.reminders import scorecard_reminders_send
from interviews.reports.services import report_build, report_requests_requeue

TRANSIENT = (OperationalError, InterfaceError)


@shared_task(
    bind=True,
    acks_late=True,
    # A worker killed mid-build (OOM, SIGKILL, a deploy) leaves the message unacknowledged: Redis
    # hands it out again after the visibility timeout, and the sweep re-enqueues it in any case.
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=120,
    time_limit=150,
)
def build_report(self, request_id: int) -> None:
    report = report_build(
        request_id=request_id, final_attempt=self.request.retries >= self.max_retries
    )
    if report is not None:
        # Calibration summarises completed interviews: a new report means new data.
        refresh_calibration.delay()


@shared_task(
    acks_late=True, autoretry_for=TRANSIENT, max_retries=2, soft_time_limit=50, time_limit=60
)
def requeue_report_requests() -> None:
    """Beat, every minute: hand pending (or stalled) report requests to the broker again."""
    report_requests_requeue()


@shared_task(
    acks_late=True, autoretry_for=TRANSIENT, max_retries=2, soft_time_limit=240, time_limit=280
)
def remind_open_scorecards() -> None:
    """Beat, every 15 minutes: email panelists whose scorecard is still open."""
    scorecard_reminders_send()
