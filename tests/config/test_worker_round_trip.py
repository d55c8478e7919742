import pytest

from config.models import WorkerHeartbeat
from config.tasks import record_worker_heartbeat
from tests.conftest import wait_for


@pytest.mark.worker
def test_a_task_goes_through_a_real_worker_and_lands_in_postgres(celery_worker):
    record_worker_heartbeat.delay("round-trip")
    beat = wait_for(lambda: WorkerHeartbeat.objects.filter(worker="round-trip").first())
    assert beat.beats == 1
    record_worker_heartbeat.delay("round-trip")
    wait_for(lambda: WorkerHeartbeat.objects.get(worker="round-trip").beats == 2)
    assert "record_worker_heartbeat" in celery_worker.log.read_text()
