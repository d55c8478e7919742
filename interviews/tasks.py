"""Celery tasks for interviews: the panel's calendar invites, sent once a schedule change has
committed. Safe to run twice: the invite is built from the interview as it is."""

import logging
from functools import partial

from celery import shared_task
from django.db import InterfaceError, OperationalError, transaction
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from interviews.invites import invites_send

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    max_retries=3,
    soft_time_limit=60,
    time_limit=75,
)
def send_calendar_invites(interview_id: int) -> None:
    invites_send(interview_id=interview_id)


def invites_enqueue(*, interview_id: int) -> None:
    try:
        send_calendar_invites.apply_async(
            (interview_id,),
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
        )
    except (KombuError, RedisError, OSError) as error:
        logger.warning("invites for interview %s not enqueued: %s", interview_id, error)


def invites_on_commit(interview_id: int) -> None:
    """After the scheduling, rescheduling or cancelling transaction commits (robust: the change is
    committed and its response unaffected whatever happens to the invites)."""
    transaction.on_commit(partial(invites_enqueue, interview_id=interview_id), robust=True)
