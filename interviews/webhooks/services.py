"""Writes for webhooks: record an event (the outbox), send a delivery, the sweep, re-send.

How an event reaches an endpoint at least once:

1. A receiver (receivers.py) runs inside the transaction of the change it hears about and calls
   `event_record`: one Event row and a Delivery row per subscribed endpoint, committed with the
   change or not at all. Their hand-off to the broker is registered for after the commit.
2. `delivery_send` claims the delivery (pending and due, or "sending" for longer than
   WEBHOOK_SENDING_STALE_SECONDS: its worker died), commits the claim, POSTs outside any
   transaction, then records the Attempt and the outcome: delivered on a 2xx; otherwise pending
   again after an exponential backoff, or failed once WEBHOOK_RETRY_HOURS have passed since the
   event.
3. `deliveries_due`, run by Celery beat every few seconds, hands every due delivery to the broker:
   retries become due there, never through a Celery countdown (which Redis would redeliver after
   its visibility timeout anyway), and whatever the broker lost is handed over again.

Nothing here talks to Celery: tasks.py imports this module, never the other way round.
"""

import logging
import random
import time
from datetime import datetime, timedelta

import urllib3
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from interviews.webhooks import payloads, transport
from interviews.webhooks.models import Attempt, Delivery, Endpoint, Event

logger = logging.getLogger(__name__)

ERROR_MAX_CHARS = 1000
# The longest wait between two attempts.
MAX_INTERVAL = timedelta(hours=6)


def event_record(*, event_type: str, **refs) -> list[int]:
    """Write the event and a delivery per subscribed endpoint, in the caller's transaction.

    Returns the new deliveries' ids (none, and no event, when no endpoint wants this type).
    """
    endpoints = [e for e in Endpoint.objects.filter(is_active=True) if e.wants(event_type)]
    if not endpoints:
        return []
    now = timezone.now()
    with transaction.atomic():
        event = Event(type=event_type, created_at=now)
        event.body = payloads.body(event_type, webhook_id=event.webhook_id, at=now, **refs)
        event.save()
        deliveries = Delivery.objects.bulk_create(
            Delivery(event=event, endpoint=endpoint, next_attempt_at=now, enqueued_at=now)
            for endpoint in endpoints
        )
    return [delivery.pk for delivery in deliveries]


def backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: doubling from WEBHOOK_RETRY_BASE_SECONDS, at most
    six hours, with a little jitter so that an endpoint back from an outage is not hit at once."""
    seconds = settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1)
    seconds = min(seconds, MAX_INTERVAL.total_seconds())
    return timedelta(seconds=seconds * random.uniform(0.9, 1.1))  # noqa: S311 (not a secret)


def claim(delivery_id: int, now: datetime) -> Delivery | None:
    """Mark the delivery sending and count the attempt; None when it is not due (delivered,
    failed, not yet time, or another worker is on it right now)."""
    stale = now - timedelta(seconds=settings.WEBHOOK_SENDING_STALE_SECONDS)
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("event", "endpoint")
            .filter(pk=delivery_id, endpoint__is_active=True)
            .filter(
                Q(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
                | Q(status=Delivery.Status.SENDING, started_at__lte=stale)
            )
            .first()
        )
        if delivery is None:
            return None
        delivery.status = Delivery.Status.SENDING
        delivery.attempts += 1
        delivery.started_at = now
        delivery.save(update_fields=["status", "attempts", "started_at"])
    return delivery


def signed_headers(delivery: Delivery, at: datetime) -> dict[str, str]:
    """Standard Webhooks headers: the event's id (the same at every attempt), the attempt's time
    (receivers refuse a timestamp more than five minutes off) and the signature over both."""
    signature = Webhook(delivery.endpoint.secret).sign(
        msg_id=delivery.event.webhook_id, timestamp=at, data=delivery.event.body
    )
    return {
        "webhook-id": delivery.event.webhook_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
    }


def delivery_send(*, delivery_id: int) -> Attempt | None:
    """One attempt at a delivery, recorded; None when there was nothing to do."""
    now = timezone.now()
    delivery = claim(delivery_id, now)
    if delivery is None:
        return None
    started = time.perf_counter()
    code, error = None, ""
    try:
        target = transport.resolve(
            delivery.endpoint.url, allow_local=settings.WEBHOOK_ALLOW_LOCAL_ADDRESSES
        )
        answer = transport.post(
            target,
            body=delivery.event.body.encode(),
            headers=signed_headers(delivery, timezone.now()),
        )
        code = answer.status
        outcome = Attempt.Outcome.DELIVERED if 200 <= code < 300 else Attempt.Outcome.REJECTED
        if outcome != Attempt.Outcome.DELIVERED:
            error = f"answered {code}"
    except transport.AddressRefused as refused:
        outcome, error = Attempt.Outcome.REFUSED, str(refused)
    except (urllib3.exceptions.HTTPError, OSError) as failure:
        outcome, error = Attempt.Outcome.UNREACHABLE, f"{type(failure).__name__}: {failure}"
    except Exception as failure:
        # A bug or bad data (an unreadable secret...): recorded like any failed attempt, so that
        # the delivery backs off and is given up in time instead of staying "sending".
        logger.exception("webhook delivery %s failed in Loupe", delivery_id)
        outcome, error = Attempt.Outcome.ERROR, f"{type(failure).__name__}: {failure}"
    duration_ms = round((time.perf_counter() - started) * 1000)
    return record(delivery, now, outcome, code, error[:ERROR_MAX_CHARS], duration_ms)


def record(delivery: Delivery, started_at: datetime, outcome: str, code, error: str, ms: int):
    now = timezone.now()
    with transaction.atomic():
        attempt = Attempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            started_at=started_at,
            duration_ms=ms,
            outcome=outcome,
            response_code=code,
            error=error,
        )
        update = {"last_response_code": code, "last_error": error, "started_at": None}
        if outcome == Attempt.Outcome.DELIVERED:
            update |= {"status": Delivery.Status.DELIVERED, "delivered_at": now}
        else:
            update |= after_failure(delivery, now, error)
        # Only while the claim is still this attempt's: one taken over as stale meanwhile is
        # recorded by its new attempt.
        Delivery.objects.filter(pk=delivery.pk, attempts=delivery.attempts).update(**update)
    return attempt


def after_failure(delivery: Delivery, now: datetime, error: str) -> dict:
    """Pending again after the backoff, or failed for good once that would pass
    WEBHOOK_RETRY_HOURS after the event."""
    due = now + backoff(delivery.attempts)
    give_up = delivery.event.created_at + timedelta(hours=settings.WEBHOOK_RETRY_HOURS)
    if due > give_up:
        logger.warning("webhook delivery %s failed for good: %s", delivery.pk, error)
        return {"status": Delivery.Status.FAILED}
    return {"status": Delivery.Status.PENDING, "next_attempt_at": due}


def deliveries_due(*, now: datetime | None = None, limit: int = 1000) -> list[int]:
    """Mark the deliveries due now as handed over and return their ids, for the caller to give
    to the broker once this has committed.

    Due: pending and past their time, and not handed over since (or handed over longer than
    WEBHOOK_REQUEUE_SECONDS ago and still pending: the broker lost it). An attempt "sending" for
    longer than WEBHOOK_SENDING_STALE_SECONDS lost its worker: it is logged as lost and the
    delivery is due again at once. Safe to run concurrently (SKIP LOCKED).
    """
    now = now or timezone.now()
    requeue = now - timedelta(seconds=settings.WEBHOOK_REQUEUE_SECONDS)
    stale = now - timedelta(seconds=settings.WEBHOOK_SENDING_STALE_SECONDS)
    with transaction.atomic():
        lost = list(
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("event")
            .filter(status=Delivery.Status.SENDING, started_at__lte=stale)
            .order_by("started_at")[:limit]
        )
        for delivery in lost:
            error = "The attempt stopped without finishing (worker lost?)."
            Attempt.objects.create(
                delivery=delivery,
                number=delivery.attempts,
                started_at=delivery.started_at,
                duration_ms=0,
                outcome=Attempt.Outcome.LOST,
                error=error,
            )
            # Due again at once (the attempt may never have reached the endpoint), unless the
            # retry window is over: a delivery whose attempts keep killing the worker ends.
            window = delivery.event.created_at + timedelta(hours=settings.WEBHOOK_RETRY_HOURS)
            status = Delivery.Status.PENDING if now < window else Delivery.Status.FAILED
            Delivery.objects.filter(pk=delivery.pk).update(
                status=status,
                next_attempt_at=now,
                enqueued_at=None,
                started_at=None,
                last_error=error,
            )
        due = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(
                endpoint__is_active=True,
                status=Delivery.Status.PENDING,
                next_attempt_at__lte=now,
            )
            .filter(
                Q(enqueued_at__isnull=True)
                | Q(enqueued_at__lt=F("next_attempt_at"))
                | Q(enqueued_at__lte=requeue)
            )
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:limit]
        )
        Delivery.objects.filter(pk__in=due).update(enqueued_at=now)
    if lost:
        logger.warning("webhook deliveries lost mid-attempt, due again: %s", [d.pk for d in lost])
    return due


def delivery_resend(*, delivery: Delivery) -> Delivery:
    """An admin asks for another attempt now (a delivered one too: same id and body, so a
    receiver that dedupes by webhook-id ignores it). The attempt count goes on."""
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).exclude(status=Delivery.Status.SENDING).update(
            status=Delivery.Status.PENDING, next_attempt_at=timezone.now(), enqueued_at=None
        )
    delivery.refresh_from_db()
    return delivery


def events_prune(*, now: datetime | None = None, limit: int = 5000) -> int:
    """Delete events older than WEBHOOK_KEEP_DAYS whose deliveries are all settled (delivered or
    given up), with their deliveries and attempts; returns how many events went."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.WEBHOOK_KEEP_DAYS)
    open_statuses = [Delivery.Status.PENDING, Delivery.Status.SENDING]
    old = list(
        Event.objects.filter(created_at__lt=cutoff)
        .exclude(deliveries__status__in=open_statuses)
        .values_list("pk", flat=True)[:limit]
    )
    if not old:
        return 0
    with transaction.atomic():
        # Re-checked in the statement: a re-send may have reopened one since the list was read.
        deleted, _ = (
            Event.objects.filter(pk__in=old).exclude(deliveries__status__in=open_statuses).delete()
        )
    return len(old) if deleted else 0
