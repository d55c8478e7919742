"""Endpoints, events and their deliveries: the outbox that webhooks are sent from.

An Event is written in the transaction of the change it announces, with one Delivery row per
endpoint subscribed to its type; the row is the promise that the endpoint will be told. Each try
is an Attempt row, kept for the admin. The event's `webhook_id` and body are fixed when it is
written, so every attempt to every endpoint carries the same id and bytes (only the timestamp and
signature are per attempt, as Standard Webhooks asks).
"""

import base64
import secrets
import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone


class EventType(models.TextChoices):
    INTERVIEW_SCHEDULED = "interview.scheduled", "An interview was scheduled"
    SCORECARD_SUBMITTED = "scorecard.submitted", "A panelist submitted a scorecard"
    INTERVIEW_COMPLETED = "interview.completed", "Every panelist submitted"
    REPORT_READY = "report.ready", "A report is built"
    DECISION_RECORDED = "decision.recorded", "A loop's hiring decision was recorded"
    FEEDBACK_LINK_VIEWED = "feedback_link.viewed", "A candidate opened a feedback link"


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def new_webhook_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


class Endpoint(models.Model):
    url = models.URLField(
        max_length=2000, help_text="Where events are POSTed (https in production)."
    )
    description = models.CharField(max_length=200, blank=True)
    # Kept in clear: signing needs it. Shown in the admin for the integrator to copy.
    secret = models.CharField(max_length=100, default=new_secret)
    # Event types (EventType values) this endpoint is sent; a list, so it works on SQLite too.
    events = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description or self.url

    def wants(self, event_type: str) -> bool:
        return self.is_active and event_type in self.events


class Event(models.Model):
    webhook_id = models.CharField(max_length=40, unique=True, default=new_webhook_id)
    type = models.CharField(max_length=40, choices=EventType.choices)
    # The JSON body exactly as signed and sent, the same bytes at every attempt.
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.type} {self.webhook_id}"


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed (gave up)"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # When the next attempt is due (pending), and when it was last handed to the broker: the
    # sweep hands over what is due and not handed over since it became due.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    # When the attempt in flight began (sending): one older than WEBHOOK_SENDING_STALE_SECONDS
    # lost its worker and is tried again.
    started_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_response_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "endpoint"], name="webhook_delivery_once"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sending", "delivered", "failed"]),
                name="webhook_delivery_status_known",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="webhook_delivery_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint}"


class Attempt(models.Model):
    class Outcome(models.TextChoices):
        DELIVERED = "delivered", "Delivered (2xx)"
        REJECTED = "rejected", "Answered with an error"
        UNREACHABLE = "unreachable", "No answer (network, timeout)"
        REFUSED = "refused", "Refused by Loupe (address not allowed)"
        LOST = "lost", "Lost (the worker stopped mid-attempt)"
        ERROR = "error", "Failed in Loupe (see the error)"

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    response_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["delivery", "number", "id"]

    def __str__(self) -> str:
        return f"attempt {self.number}: {self.outcome} {self.response_code or ''}".strip()
