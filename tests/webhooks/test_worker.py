"""Through real Celery workers on a private Redis (tests/reports/infra.py): a worker killed in
the middle of an attempt, and the event still arrives, with the same webhook-id."""

import threading

import pytest
from django.test import override_settings
from standardwebhooks.webhooks import Webhook

from interviews.webhooks.models import Delivery, Endpoint
from interviews.webhooks.tasks import sweep_webhook_deliveries
from tests.conftest import wait_for
from tests.reports.builders import make_interview, make_kit
from tests.reports.infra import RedisServer, app_publishing_to, new_queue, start_worker
from tests.webhooks.receiver import start_receiver

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def private_redis():
    server = RedisServer().start()
    yield server
    server.stop()


def test_a_worker_killed_mid_delivery_still_delivers_with_the_same_webhook_id(
    private_redis, tmp_path, cast
):
    gate = threading.Event()  # the receiver holds its answer: the worker waits mid-attempt
    receiver = start_receiver(gate=gate)
    endpoint = Endpoint.objects.create(url=receiver.url, events=["interview.scheduled"])
    queue = new_queue()
    log = tmp_path / "workers.log"
    first = start_worker(broker_url=private_redis.url, queue=queue, log=log)
    second = None
    try:
        with app_publishing_to(private_redis.url, queue):
            make_interview(kit=make_kit(questions=1), panel=[cast.ada], start=False)
            assert receiver.arrived.wait(timeout=30), log.read_text()
            delivery = Delivery.objects.get()
            assert delivery.status == Delivery.Status.SENDING
            first.kill()
            gate.set()  # later requests are answered at once

            second = start_worker(broker_url=private_redis.url, queue=queue, log=log)
            # What beat runs every 10 seconds, once the attempt is stale.
            with override_settings(WEBHOOK_SENDING_STALE_SECONDS=0):
                sweep_webhook_deliveries()
            wait_for(
                lambda: Delivery.objects.filter(
                    pk=delivery.pk, status=Delivery.Status.DELIVERED
                ).exists(),
                timeout=30,
            )
    finally:
        first.stop()
        if second:
            second.stop()
        receiver.stop()

    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert [r.headers["webhook-id"] for r in receiver.received] == [delivery.event.webhook_id] * 2
    for request in receiver.received:
        Webhook(endpoint.secret).verify(request.body, request.headers)
    outcomes = list(delivery.attempt_log.values_list("number", "outcome"))
    assert outcomes == [(1, "lost"), (2, "delivered")]
