"""An admin registers endpoints, reads every attempt of a delivery and re-sends it; nobody else
(a curator, who has the admin for the question bank) sees any of it."""

import pytest
from django.urls import reverse
from standardwebhooks.webhooks import Webhook

from interviews.webhooks.models import Delivery, Endpoint
from tests.reports.builders import make_interview, make_kit


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "pw"))
    return client


def test_an_admin_registers_an_endpoint_with_its_events_and_reads_its_secret(admin_client):
    response = admin_client.post(
        reverse("admin:webhooks_endpoint_add"),
        {
            "url": "https://ats.example.com/loupe",
            "description": "Our ATS",
            "events": ["interview.scheduled", "report.ready"],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    endpoint = Endpoint.objects.get()
    assert endpoint.events == ["interview.scheduled", "report.ready"]
    assert endpoint.secret.startswith("whsec_")
    page = admin_client.get(reverse("admin:webhooks_endpoint_change", args=[endpoint.pk]))
    assert endpoint.secret in page.content.decode()


def test_http_is_refused_at_registration_when_local_addresses_are_not_allowed(
    admin_client, settings
):
    settings.WEBHOOK_ALLOW_LOCAL_ADDRESSES = False
    response = admin_client.post(
        reverse("admin:webhooks_endpoint_add"),
        {"url": "http://ats.example.com/loupe", "events": ["interview.scheduled"]},
    )
    assert response.status_code == 200
    assert "An endpoint must use https." in response.content.decode()
    assert not Endpoint.objects.exists()


def test_an_admin_reads_the_attempts_and_re_sends_with_the_same_webhook_id(
    admin_client, endpoint, receiver, cast, django_capture_on_commit_callbacks
):
    receiver.codes = [500]
    with django_capture_on_commit_callbacks(execute=True):
        make_interview(kit=make_kit(questions=1), panel=[cast.ada], start=False)
    delivery = Delivery.objects.get()
    page = admin_client.get(reverse("admin:webhooks_delivery_change", args=[delivery.pk]))
    text = page.content.decode()
    assert "Answered with an error" in text
    assert "500" in text

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:webhooks_delivery_changelist"),
            {"action": "resend", "_selected_action": [delivery.pk]},
        )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert delivery.attempts == 2
    assert [r.headers["webhook-id"] for r in receiver.received] == [delivery.event.webhook_id] * 2
    Webhook(endpoint.secret).verify(receiver.received[-1].body, receiver.received[-1].headers)


def test_a_curator_sees_no_webhook_pages(client, cast, endpoint):
    client.force_login(cast.curator)
    assert client.get(reverse("admin:webhooks_endpoint_changelist")).status_code == 403
    assert client.get(reverse("admin:webhooks_delivery_changelist")).status_code == 403
