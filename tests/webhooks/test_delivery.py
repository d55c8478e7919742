"""Delivery to a real receiver on 127.0.0.1: signed per Standard Webhooks, retried with the same
webhook-id until a 2xx, every attempt logged; refused addresses are never connected to."""

import json
import socket
import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from interviews.webhooks import services, transport
from interviews.webhooks.models import Attempt, Delivery, Endpoint, Event
from interviews.webhooks.tasks import prune_webhook_events, sweep_webhook_deliveries
from tests.reports.builders import make_interview, make_kit


def schedule(cast, django_capture_on_commit_callbacks):
    """Schedule an interview and run what its commit hands over (the first attempts, eagerly)."""
    with django_capture_on_commit_callbacks(execute=True):
        return make_interview(kit=make_kit(questions=1), panel=[cast.ada], start=False)


def test_the_signature_verifies_with_the_standard_webhooks_library(
    endpoint, receiver, cast, django_capture_on_commit_callbacks
):
    interview = schedule(cast, django_capture_on_commit_callbacks)
    [request] = receiver.received
    payload = Webhook(endpoint.secret).verify(request.body, request.headers)
    assert payload["type"] == "interview.scheduled"
    assert payload["data"]["interview_id"] == interview.pk
    assert request.path == "/hooks/loupe"
    delivery = Delivery.objects.get()
    assert request.headers["webhook-id"] == delivery.event.webhook_id
    assert delivery.status == Delivery.Status.DELIVERED
    [attempt] = delivery.attempt_log.all()
    assert (attempt.outcome, attempt.response_code, attempt.number) == ("delivered", 204, 1)


def test_another_secret_does_not_verify(
    endpoint, receiver, cast, django_capture_on_commit_callbacks
):
    schedule(cast, django_capture_on_commit_callbacks)
    [request] = receiver.received
    with pytest.raises(WebhookVerificationError):
        Webhook(Endpoint().secret).verify(request.body, request.headers)


def test_a_receiver_answering_500_twice_gets_the_event_on_the_third_attempt(
    endpoint, receiver, cast, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0  # due again at once: the sweep is what retries
    receiver.codes = [500, 500]
    schedule(cast, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.last_response_code == 500

    sweep_webhook_deliveries()  # what beat runs every 10 seconds
    sweep_webhook_deliveries()

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert [request.headers["webhook-id"] for request in receiver.received] == [
        delivery.event.webhook_id
    ] * 3
    assert len({request.body for request in receiver.received}) == 1  # the same bytes each time
    for request in receiver.received:
        Webhook(endpoint.secret).verify(request.body, request.headers)
    log = list(delivery.attempt_log.values_list("number", "outcome", "response_code"))
    assert log == [(1, "rejected", 500), (2, "rejected", 500), (3, "delivered", 204)]


def test_a_retry_waits_for_its_backoff(
    endpoint, receiver, cast, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 60
    receiver.codes = [503]
    schedule(cast, django_capture_on_commit_callbacks)
    sweep_webhook_deliveries()
    assert len(receiver.received) == 1  # not due for another minute
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    waited = (delivery.next_attempt_at - delivery.attempt_log.get().started_at).total_seconds()
    assert 50 < waited < 70


def test_backoff_doubles_and_stops_at_six_hours(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 10
    waits = [services.backoff(n).total_seconds() for n in (1, 2, 3, 20)]
    assert 9 <= waits[0] <= 11
    assert 18 <= waits[1] <= 22
    assert 36 <= waits[2] <= 44
    assert 6 * 3600 * 0.9 <= waits[3] <= 6 * 3600 * 1.1


def test_a_delivery_still_failing_after_a_day_is_given_up(
    endpoint, receiver, cast, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_RETRY_HOURS = 0.0001  # gone past at the first failure
    receiver.codes = [500]
    schedule(cast, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    sweep_webhook_deliveries()
    assert len(receiver.received) == 1


def test_an_unreachable_endpoint_is_logged_and_retried(
    cast, settings, django_capture_on_commit_callbacks
):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    Endpoint.objects.create(url=f"http://127.0.0.1:{port}/", events=["interview.scheduled"])
    schedule(cast, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    attempt = delivery.attempt_log.get()
    assert attempt.outcome == Attempt.Outcome.UNREACHABLE
    assert attempt.response_code is None


# --- Addresses -----------------------------------------------------------------------------------


@pytest.fixture
def production_addresses(settings):
    settings.WEBHOOK_ALLOW_LOCAL_ADDRESSES = False


def resolving_to(monkeypatch, address: str):
    family = socket.AF_INET6 if ":" in address else socket.AF_INET

    def fake(host, port, *args, **kwargs):
        return [(family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(transport, "getaddrinfo", fake)


@pytest.mark.parametrize(
    "address",
    [
        "10.1.2.3",
        "192.168.0.10",
        "127.0.0.1",
        "169.254.169.254",
        "::1",
        "fd00::1",
        "::ffff:10.0.0.1",
        # IPv6 forms that wrap or translate to an IPv4 address: NAT64, 6to4, Teredo,
        # IPv4-compatible; and the old site-local range.
        "64:ff9b::a00:1",
        "2002:a00:1::1",
        "2001:0:a00:1::1",
        "::10.0.0.1",
        "fec0::1",
        "::ffff:0:a00:1",
    ],
)
def test_a_url_resolving_to_a_private_address_is_refused(
    production_addresses, receiver, cast, monkeypatch, django_capture_on_commit_callbacks, address
):
    Endpoint.objects.create(url="https://hooks.ats.example.com/in", events=["interview.scheduled"])
    resolving_to(monkeypatch, address)
    schedule(cast, django_capture_on_commit_callbacks)
    attempt = Attempt.objects.get()
    assert attempt.outcome == Attempt.Outcome.REFUSED
    assert address in attempt.error
    assert receiver.received == []


def test_the_refusal_holds_for_the_test_receiver_itself(
    production_addresses, endpoint, receiver, cast, django_capture_on_commit_callbacks
):
    """The receiver is on 127.0.0.1 over http: refused twice over, and never reached."""
    schedule(cast, django_capture_on_commit_callbacks)
    assert "https" in Attempt.objects.get().error
    assert receiver.received == []


def test_https_to_a_loopback_literal_is_refused(production_addresses):
    with pytest.raises(transport.AddressRefused, match=r"127\.0\.0\.1"):
        transport.resolve("https://127.0.0.1:8443/hook", allow_local=False)


def test_a_name_with_one_private_address_among_public_ones_is_refused(monkeypatch):
    answers = [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 443)),
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", 443)),
    ]
    monkeypatch.setattr(transport, "getaddrinfo", lambda *args, **kwargs: answers)
    with pytest.raises(transport.AddressRefused, match=r"10\.0\.0\.7"):
        transport.resolve("https://rebind.example.com/", allow_local=False)


def test_the_connection_goes_to_the_checked_address_with_the_name_for_tls(monkeypatch):
    """No second lookup: the pool is opened on the IP that was checked, the hostname is the Host
    header, the SNI and the name the certificate must match."""
    resolving_to(monkeypatch, "93.184.215.14")
    target = transport.resolve("https://hooks.example.com/in?x=1", allow_local=False)
    assert (target.address, target.host, target.port, target.path) == (
        "93.184.215.14",
        "hooks.example.com",
        443,
        "/in?x=1",
    )
    opened = {}

    class Pool:
        def __init__(self, host, port, **kwargs):
            opened.update(host=host, port=port, **kwargs)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def urlopen(self, method, path, **kwargs):
            opened.update(method=method, path=path, headers=kwargs["headers"])

            class Response:
                status = 200

                def read(self, amount):
                    return b""

                def release_conn(self):
                    pass

            return Response()

    monkeypatch.setattr(transport.urllib3, "HTTPSConnectionPool", Pool)
    monkeypatch.setattr(transport, "getaddrinfo", lambda *a, **k: pytest.fail("a second lookup"))
    assert transport.post(target, body=b"{}", headers={}).status == 200
    assert opened["host"] == "93.184.215.14"
    assert opened["server_hostname"] == opened["assert_hostname"] == "hooks.example.com"
    assert opened["headers"]["Host"] == "hooks.example.com"
    assert opened["path"] == "/in?x=1"


def test_a_payload_is_json_with_type_time_and_data(
    endpoint, receiver, cast, django_capture_on_commit_callbacks
):
    schedule(cast, django_capture_on_commit_callbacks)
    body = json.loads(receiver.received[0].body)
    assert set(body) == {"type", "timestamp", "id", "data"}
    assert receiver.received[0].headers["Content-Type"] == "application/json"


def test_settled_events_are_pruned_after_the_keeping_period_and_open_ones_kept(cast, settings):
    settings.WEBHOOK_KEEP_DAYS = 30
    Endpoint.objects.create(url="https://a.example.com/", events=["interview.scheduled"])
    make_interview(kit=make_kit(questions=1), panel=[cast.ada], start=False)  # not sent: pending
    make_interview(kit=make_kit(questions=1, slug="second"), panel=[cast.ada], start=False)
    pending, settled = Event.objects.order_by("id")
    Delivery.objects.filter(event=settled).update(status=Delivery.Status.DELIVERED)
    Event.objects.update(created_at=timezone.now() - timedelta(days=31))

    prune_webhook_events()

    assert list(Event.objects.all()) == [pending]
    assert Delivery.objects.filter(event=pending).exists()


def test_a_failure_inside_loupe_is_recorded_and_backed_off_not_left_sending(
    endpoint, receiver, cast, django_capture_on_commit_callbacks
):
    Endpoint.objects.filter(pk=endpoint.pk).update(secret="whsec_")  # unreadable: empty
    schedule(cast, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.attempt_log.get().outcome == Attempt.Outcome.ERROR
    assert receiver.received == []


def test_an_attempt_lost_past_the_retry_window_is_given_up(
    endpoint, cast, settings, django_capture_on_commit_callbacks
):
    make_interview(kit=make_kit(questions=1), panel=[cast.ada], start=False)  # not sent here
    Delivery.objects.update(
        status=Delivery.Status.SENDING, attempts=1, started_at=timezone.now() - timedelta(hours=1)
    )
    Event.objects.update(created_at=timezone.now() - timedelta(hours=25))
    sweep_webhook_deliveries()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempt_log.get().outcome == Attempt.Outcome.LOST


def test_an_events_deliveries_go_out_in_one_message_and_are_posted_at_once(
    receiver, cast, django_capture_on_commit_callbacks, monkeypatch
):
    """Three endpoints: one broker message, and the three POSTs in flight together (the receiver
    holds its answers until all three have arrived), each recorded on its own delivery."""
    from interviews.webhooks import tasks

    for n in range(3):
        Endpoint.objects.create(url=f"{receiver.url}?n={n}", events=["interview.scheduled"])
    receiver.gate = threading.Event()
    together = []

    def open_when_all_arrived():
        deadline = time.monotonic() + 5
        while len(receiver.received) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        together.append(len(receiver.received) == 3)
        receiver.gate.set()

    threading.Thread(target=open_when_all_arrived, daemon=True).start()
    messages = []
    send = tasks.deliver_webhooks.apply_async
    monkeypatch.setattr(
        tasks.deliver_webhooks, "apply_async", lambda *a, **k: messages.append(a) or send(*a, **k)
    )
    schedule(cast, django_capture_on_commit_callbacks)

    assert together == [True]
    assert len(messages) == 1
    assert sorted(request.path for request in receiver.received) == [
        "/hooks/loupe?n=0", "/hooks/loupe?n=1", "/hooks/loupe?n=2"
    ]  # fmt: skip
    assert set(Delivery.objects.values_list("status", "attempts")) == {("delivered", 1)}
    assert Attempt.objects.filter(outcome="delivered", number=1).count() == 3


def test_one_endpoint_failing_leaves_the_events_other_deliveries_delivered(
    receiver, cast, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 60
    receiver.codes = [500]  # whichever POST arrives first
    for n in range(3):
        Endpoint.objects.create(url=f"{receiver.url}?n={n}", events=["interview.scheduled"])
    schedule(cast, django_capture_on_commit_callbacks)
    statuses = sorted(Delivery.objects.values_list("status", "last_response_code"))
    assert statuses == [("delivered", 204), ("delivered", 204), ("pending", 500)]
