from django.db import models


class FloorRow(models.Model):
    """Written by the benchmark's floor view: one INSERT per request, nothing else."""

    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"floor row at {self.created_at:%H:%M:%S.%f}"
