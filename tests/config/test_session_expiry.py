"""Sessions end after an idle period (8 hours; 1 hour for staff) and at their absolute age,
without writing the session on every request: "last seen" is recorded at most once a minute."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.middleware import LAST_SEEN_KEY, SIGNED_IN_KEY

HOUR = 3600


def signed_in(client, user):
    client.force_login(user)
    return client


def time_passes(client, seconds: int, *, since_sign_in: int | None = None) -> None:
    """Move the session's clock marks into the past, as the clock moving forward would."""
    session = client.session
    session[LAST_SEEN_KEY] -= seconds
    session[SIGNED_IN_KEY] -= seconds if since_sign_in is None else since_sign_in
    session.save()


def home(client):
    return client.get(reverse("interviews:home"))


@pytest.mark.parametrize(("who", "idle_hours"), [("ada", 8), ("manager", 8), ("curator", 1)])
def test_a_session_ends_after_its_idle_period(client, cast, who, idle_hours):
    signed_in(client, getattr(cast, who))
    time_passes(client, idle_hours * HOUR - 60)
    assert home(client).status_code == 200  # just inside: and it counts as activity
    time_passes(client, idle_hours * HOUR + 1)
    response = home(client)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    page = client.get(response.url).content.decode()
    assert "You were signed out after" in page
    assert "without activity" in page


def test_activity_keeps_a_session_alive_until_its_absolute_age(client, cast, settings):
    settings.SESSION_ABSOLUTE_HOURS = 24
    signed_in(client, cast.ada)
    time_passes(client, 0, since_sign_in=23 * HOUR)
    assert home(client).status_code == 200
    time_passes(client, 0, since_sign_in=HOUR + 1)
    response = home(client)
    assert response.status_code == 302
    assert "24 hours after signing in" in client.get(response.url).content.decode()


def test_the_idle_periods_are_settings(client, cast, settings):
    settings.SESSION_IDLE_HOURS = 0.5
    signed_in(client, cast.ada)
    time_passes(client, HOUR // 2 + 1)
    assert home(client).status_code == 302


def test_a_request_within_the_minute_writes_nothing(client, cast):
    signed_in(client, cast.ada)
    key = client.cookies["sessionid"].value
    home(client)
    before = Session.objects.get(session_key=key).expire_date
    with CaptureQueriesContext(connection) as captured:
        assert home(client).status_code == 200
    assert not [q for q in captured if "django_session" in q["sql"]]
    assert Session.objects.get(session_key=key).expire_date == before


def test_after_a_minute_last_seen_is_written_once(client, cast):
    signed_in(client, cast.ada)
    time_passes(client, 61)
    seen = client.session[LAST_SEEN_KEY]
    with CaptureQueriesContext(connection) as captured:
        assert home(client).status_code == 200
    assert [q for q in captured if "django_session" in q["sql"]]
    assert client.session[LAST_SEEN_KEY] >= seen + 61
