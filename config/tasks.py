import socket

from celery import shared_task
from django.db.models import F
from django.utils import timezone

from config.models import WorkerHeartbeat


@shared_task(acks_late=True, soft_time_limit=10, time_limit=20)
def record_worker_heartbeat(worker: str = "") -> None:
    """Upsert one row per worker; running it twice only bumps the counter."""
    name = worker or socket.gethostname()
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker=name).update(
        beats=F("beats") + 1, last_seen_at=now
    )
    if not updated:
        WorkerHeartbeat.objects.get_or_create(
            worker=name, defaults={"beats": 1, "last_seen_at": now}
        )
