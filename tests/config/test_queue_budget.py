"""The queue-time budget (config/middleware.py): behind a trusted proxy, a request that already
waited past QUEUE_BUDGET_MS is refused at once with 503 and Retry-After, before any query or
session read; everything else is served as before."""

import time

import pytest
from django.urls import reverse

from tests.interviews.builders import make_interview, rating_of


def started(ms_ago: float) -> str:
    """The header the proxy writes (deploy/haproxy.cfg): "t=" and epoch milliseconds."""
    return f"t={round(time.time() * 1000 - ms_ago)}"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    settings.QUEUE_BUDGET_MS = 500
    return settings


@pytest.fixture
def rating_url(client, cast):
    interview = make_interview([cast.ada, cast.grace])
    client.force_login(cast.ada)
    return reverse("interviews:rate", kwargs={"pk": interview.pk, "position": 1}), interview


@pytest.fixture
def session_never_read(monkeypatch):
    """Any session load (database or Redis) during the request fails the test."""
    from django.contrib.sessions.backends.base import SessionBase

    def refuse(self, *args, **kwargs):
        raise AssertionError("the session was read")

    monkeypatch.setattr(SessionBase, "_get_session", refuse)


def test_a_request_that_waited_past_the_budget_is_refused_fast_without_a_query(
    client, cast, behind_proxy, rating_url, session_never_read, django_assert_num_queries
):
    url, _ = rating_url
    with django_assert_num_queries(0):
        response = client.post(
            url, {"level": 3, "version": 0}, headers={"X-Request-Start": started(2000)}
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "1"
    assert "busy" in response.content.decode()


def test_the_refused_rating_was_not_saved_and_a_fresh_one_is(
    client, cast, behind_proxy, rating_url
):
    url, interview = rating_url
    htmx = {"HX-Request": "true"}
    late = client.post(
        url, {"level": 2, "version": 0}, headers=htmx | {"X-Request-Start": started(2000)}
    )
    assert late.status_code == 503
    response = client.post(
        url, {"level": 3, "version": 0}, headers=htmx | {"X-Request-Start": started(5)}
    )
    assert response.status_code == 200
    assert rating_of(interview, cast.ada).level == 3


def test_a_page_that_waited_less_than_the_budget_is_served(client, cast, behind_proxy):
    client.force_login(cast.manager)
    response = client.get(reverse("interviews:home"), headers={"X-Request-Start": started(100)})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "value",
    [
        # seconds with a fraction (nginx's $msec), microseconds, and no "t=" prefix
        lambda: f"t={time.time() - 2:.3f}",
        lambda: f"t={round((time.time() - 2) * 1_000_000)}",
        lambda: str(round(time.time() * 1000 - 2000)),
    ],
)
def test_other_fronts_units_are_read_too(client, db, behind_proxy, value):
    response = client.get(reverse("login"), headers={"X-Request-Start": value()})
    assert response.status_code == 503


def test_without_trusted_hops_the_header_is_ignored(client, cast, settings):
    settings.TRUSTED_PROXY_HOPS = 0  # a client reaching the app directly writes what it likes
    settings.QUEUE_BUDGET_MS = 500
    response = client.get(reverse("login"), headers={"X-Request-Start": started(60_000)})
    assert response.status_code == 200


def test_a_budget_of_zero_never_sheds(client, db, behind_proxy):
    behind_proxy.QUEUE_BUDGET_MS = 0
    response = client.get(reverse("login"), headers={"X-Request-Start": started(60_000)})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "value",
    ["", "t=", "t=abc", "t=nan", "t=inf", "t=-5", "t=0", "t=1e400", "t=" + "9" * 40, "t=1 2"],
)
def test_a_malformed_header_is_ignored_never_a_500(client, db, behind_proxy, value):
    response = client.get(reverse("login"), headers={"X-Request-Start": value})
    assert response.status_code == 200


def test_a_start_in_the_future_is_served(client, db, behind_proxy):
    # The proxy's clock a little ahead of the app's: no wait, not an error.
    response = client.get(reverse("login"), headers={"X-Request-Start": started(-3000)})
    assert response.status_code == 200


def test_the_health_check_is_never_shed(client, db, behind_proxy):
    response = client.get(reverse("healthz"), headers={"X-Request-Start": started(60_000)})
    assert response.status_code == 200


def test_shed_requests_are_not_logged_one_by_one_but_summed_up(client, db, behind_proxy, caplog):
    from config.middleware import QueueBudgetMiddleware

    caplog.set_level("INFO")
    for _ in range(3):
        client.get(reverse("login"), headers={"X-Request-Start": started(2000)})
    assert not [r for r in caplog.records if r.name == "django.request"]

    # The summary: after LOG_EVERY_SECONDS, one warning with the count.
    middleware = QueueBudgetMiddleware(lambda request: None)
    middleware.logged_at -= QueueBudgetMiddleware.LOG_EVERY_SECONDS
    middleware.count_shed(500)
    assert "1 requests that had waited over 500 ms" in caplog.records[-1].getMessage()
