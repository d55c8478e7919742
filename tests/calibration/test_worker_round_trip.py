"""A task goes through a real Celery worker on the real Redis and lands in PostgreSQL: the
calibration refresh, queued the way the app queues it."""

import pytest

from interviews.calibration.models import CalibrationRun
from interviews.calibration.tasks import calibration_refresh_enqueue
from tests.conftest import wait_for


@pytest.mark.worker
def test_a_refresh_goes_through_a_real_worker_and_lands_in_postgres(celery_worker):
    assert calibration_refresh_enqueue() is True
    wait_for(lambda: CalibrationRun.objects.count() == 1)
    assert calibration_refresh_enqueue() is True
    wait_for(lambda: CalibrationRun.objects.count() == 2)
    assert "refresh_calibration" in celery_worker.log.read_text()
