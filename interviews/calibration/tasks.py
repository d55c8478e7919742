"""The calibration refresh as a Celery task, and how other code asks for one."""

import logging

from celery import shared_task
from django.db import OperationalError, transaction
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from interviews.calibration.services import calibration_refresh

logger = logging.getLogger(__name__)

BROKER_ERRORS = (KombuError, RedisError, OSError)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=120,
    time_limit=180,
)
def refresh_calibration() -> None:
    """Recompute the calibration summaries; idempotent (a full recompute in one transaction)."""
    calibration_refresh()


def calibration_refresh_enqueue() -> bool:
    """Queue a refresh. A broker error is logged, not raised: the hourly beat run catches up."""
    try:
        refresh_calibration.delay()
    except BROKER_ERRORS:
        logger.warning("calibration refresh not queued: the broker is unreachable", exc_info=True)
        return False
    return True


def calibration_refresh_on_commit() -> None:
    # robust: an eager refresh that fails (make run's SQLite) never fails the submit behind it.
    transaction.on_commit(calibration_refresh_enqueue, robust=True)
