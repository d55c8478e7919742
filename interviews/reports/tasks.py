"""Celery tasks for reports: thin wrappers that take ids and call a service, and the hand-off of a
report request to the broker.

Every task is safe to run twice: a report is keyed by its inputs, the sweep only re-enqueues, and a
reminder records when it was sent under a row lock.
"""

import logging
from functools import partial

from celery import shared_task
from django.db import InterfaceError, OperationalError, transaction
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from interviews.reports.reminders import scorecard_reminders_send
from interviews.reports.services import report_build, report_requests_requeue

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError)
BROKER_ERRORS = (KombuError, RedisError, OSError)


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
    report_build(request_id=request_id, final_attempt=self.request.retries >= self.max_retries)


@shared_task(
    acks_late=True, autoretry_for=TRANSIENT, max_retries=2, soft_time_limit=50, time_limit=60
)
def requeue_report_requests() -> None:
    """Beat, every minute: hand pending (or stalled) report requests to the broker again."""
    for request_id in report_requests_requeue():
        report_build_enqueue(request_id=request_id)


@shared_task(
    acks_late=True, autoretry_for=TRANSIENT, max_retries=2, soft_time_limit=240, time_limit=280
)
def remind_open_scorecards() -> None:
    """Beat, every 15 minutes: email panelists whose scorecard is still open."""
    scorecard_reminders_send()


def report_build_enqueue(*, request_id: int) -> bool:
    """Hand a request to Celery. A broker error is logged, not raised: the sweep retries it."""
    try:
        build_report.apply_async(
            (request_id,),
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
        )
    except BROKER_ERRORS as error:
        logger.warning(
            "report request %s not enqueued (%s: %s); the re-enqueue sweep will pick it up",
            request_id,
            type(error).__name__,
            error,
        )
        return False
    return True


def report_build_on_commit(request_id: int) -> None:
    """Enqueue the build once the transaction that wrote the request has committed.

    robust: whatever happens in the callback (even an eager task raising), the transaction is
    committed and its caller's response is not affected.
    """
    transaction.on_commit(partial(report_build_enqueue, request_id=request_id), robust=True)
