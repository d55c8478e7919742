from celery import shared_task
from django.db import OperationalError

from interviews.calibration.services import calibration_refresh


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
