"""Celery tasks for webhooks: one attempt at a delivery, and the sweep that hands due deliveries
to the broker. Both are safe to run twice: a delivery is claimed under a row lock before its
attempt, and the sweep only hands over."""

import logging
from functools import partial

from celery import shared_task
from django.db import InterfaceError, OperationalError, transaction
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from interviews.webhooks.services import (
    deliveries_due,
    deliveries_send,
    delivery_send,
    events_prune,
)

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError)
# An event's deliveries go to the broker together, at most this many a message: their attempts
# run at once (services.deliveries_send), each within the connect + read timeouts, so a message
# takes about as long as its slowest endpoint whatever its size.
BATCH = 10
BROKER_ERRORS = (KombuError, RedisError, OSError)


@shared_task(
    acks_late=True,
    # A worker killed mid-attempt leaves the message unacknowledged and the delivery "sending":
    # the sweep takes it over once WEBHOOK_SENDING_STALE_SECONDS have passed.
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    max_retries=3,
    # Above the connect and read timeouts, below WEBHOOK_SENDING_STALE_SECONDS.
    soft_time_limit=40,
    time_limit=50,
)
def deliver_webhook(delivery_id: int) -> None:
    delivery_send(delivery_id=delivery_id)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    max_retries=3,
    soft_time_limit=40,
    time_limit=50,
)
def deliver_webhooks(delivery_ids: list[int]) -> None:
    """One attempt at each of an event's deliveries, at once (as deliver_webhook for each)."""
    deliveries_send(delivery_ids=delivery_ids)


@shared_task(
    acks_late=True, autoretry_for=TRANSIENT, max_retries=2, soft_time_limit=25, time_limit=30
)
def sweep_webhook_deliveries() -> None:
    """Beat, every 10 seconds: hand due deliveries (retries, lost messages, stalled attempts) to
    the broker."""
    for delivery_id in deliveries_due():
        delivery_enqueue(delivery_id=delivery_id)


@shared_task(
    acks_late=True, autoretry_for=TRANSIENT, max_retries=2, soft_time_limit=240, time_limit=280
)
def prune_webhook_events() -> None:
    """Beat, hourly: forget settled events older than WEBHOOK_KEEP_DAYS."""
    events_prune()


def delivery_enqueue(*, delivery_id: int) -> bool:
    """Hand a delivery to Celery. A broker error is logged, not raised: the sweep retries it."""
    try:
        deliver_webhook.apply_async(
            (delivery_id,),
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
        )
    except BROKER_ERRORS as error:
        logger.warning(
            "webhook delivery %s not enqueued (%s: %s); the sweep will pick it up",
            delivery_id,
            type(error).__name__,
            error,
        )
        return False
    return True


def deliveries_enqueue(*, delivery_ids: list[int]) -> bool:
    """Hand deliveries to Celery, BATCH to a message. A broker error is logged, not raised: the
    sweep retries them."""
    try:
        for start in range(0, len(delivery_ids), BATCH):
            deliver_webhooks.apply_async(
                (delivery_ids[start : start + BATCH],),
                retry=True,
                retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
            )
    except BROKER_ERRORS as error:
        logger.warning(
            "webhook deliveries %s not all enqueued (%s: %s); the sweep will pick them up",
            delivery_ids,
            type(error).__name__,
            error,
        )
        return False
    return True


def deliveries_enqueue_on_commit(delivery_ids: list[int]) -> None:
    """Enqueue once the transaction that wrote the deliveries has committed (robust: whatever
    happens in the hand-off, the caller's transaction and response are unaffected). An event's
    deliveries travel together: one message, one claim, their POSTs at once."""
    if delivery_ids:
        transaction.on_commit(
            partial(deliveries_enqueue, delivery_ids=list(delivery_ids)), robust=True
        )
