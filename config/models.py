from django.db import models


class WorkerHeartbeat(models.Model):
    """The last time each Celery worker ran the heartbeat task; proves the queue drains."""

    worker = models.CharField(max_length=200, unique=True)
    beats = models.PositiveIntegerField(default=0)
    last_seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker} at {self.last_seen_at:%Y-%m-%d %H:%M:%S}"


class BenchmarkFloorRow(models.Model):
    """Written by the benchmark's floor view: one INSERT per request, nothing else."""

    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"floor row at {self.created_at:%H:%M:%S.%f}"
