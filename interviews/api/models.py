"""API keys, one or more per integration, and the record of each POST sent with an
Idempotency-Key so that a retry answers with the first one's resource instead of a second one."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Scope(models.TextChoices):
    READ = "read", "Read candidates, interviews, loops, scorecards, reports, questions and kits"
    SCHEDULE = "schedule", "Create candidates; schedule, reschedule and cancel interviews and loops"
    FEEDBACK_LINKS = "feedback-links", "Create and revoke candidate feedback links"
    NOTES_READ = "notes:read", "Read the panel's private notes in scorecards and reports"


class ApiKey(models.Model):
    """A key is shown once, when an admin creates it; only its SHA-256 is stored (keys.py)."""

    name = models.CharField(max_length=120, help_text="The integration, e.g. “Greenhouse sync”.")
    # The key's first characters, kept to tell keys apart in the admin and in logs.
    prefix = models.CharField(max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(default=list, help_text="Any of: " + ", ".join(Scope.values))
    # Who issued it: what the key writes is attributed to them (interviews' and loops'
    # `created_by`, feedback links' `created_by`/`revoked_by`).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_keys"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Written at most once a minute per key (keys.py), so reading is not a write per call.
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def allows(self, scope: str) -> bool:
        return scope in self.scopes


class IdempotentRequest(models.Model):
    """A POST sent with an Idempotency-Key, and the resource it created or changed.

    The row is inserted in the same transaction as the write: of two concurrent retries one waits
    on the unique index and then answers with the other's resource. A replay re-reads the resource
    as it is now (a feedback link's token, shown once, is never stored here).
    """

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # SHA-256 of method, path and body: the same key with another request is refused (422).
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    resource_type = models.CharField(max_length=32)
    resource_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["api_key", "key"], name="idempotency_key_once_per_key"),
            models.CheckConstraint(condition=~Q(key=""), name="idempotency_key_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.resource_type} {self.resource_id}"
