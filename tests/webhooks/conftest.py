import pytest

from interviews.webhooks.models import Endpoint, EventType
from tests.webhooks.receiver import start_receiver

ALL_EVENTS = list(EventType.values)


@pytest.fixture
def receiver():
    started = start_receiver()
    yield started
    started.stop()


@pytest.fixture
def endpoint(db, receiver):
    """An endpoint on the test's receiver, subscribed to every event."""
    return Endpoint.objects.create(url=receiver.url, events=ALL_EVENTS)
