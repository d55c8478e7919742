"""Writes for webhooks: record an event (the outbox), send a delivery, the sweep, re-send.

How an event reaches an endpoint at least once:

1. A receiver (receivers.py) runs inside the transaction of the change it hears about and calls
   `event_record`: one Event row and a Delivery row per subscribed endpoint, committed with the
   change or not at all. Their hand-off to the broker is registered for after the commit.
2. `deliveries_send` (an event's deliveries together; `delivery_send` for one) claims the
   deliveries (pending and due, or "sending" for longer than WEBHOOK_SENDING_STALE_SECONDS: their
   worker died), commits the claim, POSTs outside any transaction, then records the Attempts and
   the outcomes: delivered on a 2xx; otherwise pending again after an exponential backoff, or
   failed once WEBHOOK_RETRY_HOURS have passed since the event.
3. `deliveries_due`, run by Celery beat every few seconds, hands every due delivery to the broker:
   retries become due there, never through a Celery countdown (which Redis would redeliver after
   its visibility timeout anyway), and whatever the broker lost is handed over again.

Nothing here talks to Celery: tasks.py imports this module, never the other way round.
"""

import logging
import random
import time
from concurrent.futures import ThreadPoolExecutor
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


def claim(delivery_ids: list[int], now: datetime) -> list[Delivery]:
    """Mark the deliveries sending and count their attempts, in one transaction; those not due
    (delivered, failed, not yet time, or another worker is on it right now) are left out."""
    stale = now - timedelta(seconds=settings.WEBHOOK_SENDING_STALE_SECONDS)
    with transaction.atomic():
        deliveries = list(
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("event", "endpoint")
            .filter(pk__in=delivery_ids, endpoint__is_active=True)
            .filter(
                Q(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
                | Q(status=Delivery.Status.SENDING, started_at__lte=stale)
            )
            .order_by("pk")
        )
        if not deliveries:
            return []
        Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
            status=Delivery.Status.SENDING, attempts=F("attempts") + 1, started_at=now
        )
    for delivery in deliveries:  # as the UPDATE left them (the rows are ours until the commit)
        delivery.status = Delivery.Status.SENDING
        delivery.attempts += 1
        delivery.started_at = now
    return deliveries


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
    attempts = deliveries_send(delivery_ids=[delivery_id])
    return attempts[0] if attempts else None


def deliveries_send(*, delivery_ids: list[int]) -> list[Attempt]:
    """One attempt at each of these deliveries (an event's, one per endpoint), recorded; those
    with nothing to do are left out.

    One claim and one record for them all (two commits, not two per delivery), and the POSTs at
    once, each in a thread of its own: an attempt mostly waits, on the receiver and on the
    database's commits, so a worker that sent them one by one would spend the fan-out waiting.
    The threads only talk HTTP; the database is used from this one.
    """
    now = timezone.now()
    deliveries = claim(delivery_ids, now)
    if not deliveries:
        return []
    if len(deliveries) == 1:
        outcomes = [attempt(deliveries[0])]
    else:
        with ThreadPoolExecutor(len(deliveries)) as pool:
            outcomes = list(pool.map(attempt, deliveries))
    return record(deliveries, now, outcomes)


def attempt(delivery: Delivery) -> tuple[str, int | None, str, int]:
    """POST the delivery's event to its endpoint: (outcome, response code, error, ms)."""
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
        logger.exception("webhook delivery %s failed in Loupe", delivery.pk)
        outcome, error = Attempt.Outcome.ERROR, f"{type(failure).__name__}: {failure}"
    duration_ms = round((time.perf_counter() - started) * 1000)
    return outcome, code, error[:ERROR_MAX_CHARS], duration_ms


def record(deliveries: list[Delivery], started_at: datetime, outcomes: list) -> list[Attempt]:
    now = timezone.now()
    attempts = []
    with transaction.atomic():
        for delivery, (outcome, code, error, ms) in zip(deliveries, outcomes, strict=True):
            attempts.append(
                Attempt.objects.create(
                    delivery=delivery,
                    number=delivery.attempts,
                    started_at=started_at,
                    duration_ms=ms,
                    outcome=outcome,
                    response_code=code,
                    error=error,
                )
            )
            update = {"last_response_code": code, "last_error": error, "started_at": None}
            if outcome == Attempt.Outcome.DELIVERED:
                update |= {"status": Delivery.Status.DELIVERED, "delivered_at": now}
            else:
                update |= after_failure(delivery, now, error)
            # Only while the claim is still this attempt's: one taken over as stale meanwhile is
            # recorded by its new attempt.
            Delivery.objects.filter(pk=delivery.pk, attempts=delivery.attempts).update(**update)
    return attempts


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
