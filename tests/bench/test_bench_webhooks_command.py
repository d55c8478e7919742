"""bench_webhooks fans events out through real workers and prints the figures, leaving nothing of
its own behind."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from interviews.webhooks.models import Delivery, Endpoint, Event
from tests.reports.builders import make_interview, make_kit

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_it_delivers_every_event_to_every_endpoint_and_cleans_up(cast):
    make_interview(kit=make_kit(questions=1), panel=[cast.ada], start=False)
    out = StringIO()
    call_command("bench_webhooks", events=20, endpoints=3, concurrency=2, timeout=60, stdout=out)
    text = out.getvalue()
    assert "20 events x 3 endpoints = 60 deliveries" in text
    assert "delivered: 60 of 60" in text
    assert "p99" in text
    assert not Endpoint.objects.exists()
    assert not Event.objects.exists()
    assert not Delivery.objects.exists()


def test_it_refuses_while_real_endpoints_are_active(cast):
    Endpoint.objects.create(url="https://ats.example.com/", events=["interview.scheduled"])
    with pytest.raises(CommandError, match="Active endpoints exist"):
        call_command("bench_webhooks", events=1)
