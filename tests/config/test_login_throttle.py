"""Password guessing is throttled (django-axes, config/login_throttle.py): 5 failures for an
account or 20 from a client within 15 minutes, then a 429 with Retry-After and a wait that grows
with each further failure but ends; the admin login is gated too; every failure and refusal is
logged; it holds with Redis down."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.urls import reverse

from tests.sqlite import run_on_sqlite

LOGIN = "/login/"
ADMIN_LOGIN = "/admin/login/"


WRONG = "not the password"


def attempt(client, username, password=WRONG, url=LOGIN, ip="203.0.113.7", **extra):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def time_passes(seconds: float) -> None:
    """Move every recorded failure into the past, as the clock moving forward would."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=seconds))


def test_the_sixth_failure_for_an_account_is_answered_429_until_the_delay_passes(client, cast):
    statuses = [attempt(client, "ada").status_code for _ in range(5)]
    assert statuses == [200] * 5  # each answered as the wrong password it was
    refused = attempt(client, "ada", cast.password)  # even the right password, now
    assert refused.status_code == 429
    assert 55 <= int(refused["Retry-After"]) <= 60
    body = refused.content.decode()
    assert "Too many sign-in attempts" in body
    assert "try again in 60 seconds" in body or "try again in 59 seconds" in body
    assert "_auth_user_id" not in client.session
    time_passes(61)
    signed_in = attempt(client, "ada", cast.password)
    assert signed_in.status_code == 302
    assert client.get(reverse("interviews:home")).status_code == 200


def test_the_wait_grows_with_each_further_failure_and_is_capped(client, cast, settings):
    waits = []
    for _ in range(5):
        attempt(client, "ada")
    for _ in range(5):
        refused = attempt(client, "ada")
        waits.append(int(refused["Retry-After"]))
        time_passes(waits[-1] + 1)
        assert attempt(client, "ada").status_code == 200  # a checked, wrong password
    # Capped at the window, after which the failures before it are forgotten.
    assert waits == [60, 120, 240, 480, 900]
    assert attempt(client, "ada", cast.password).status_code == 302


def test_a_refused_attempt_neither_counts_nor_extends_the_wait(client, cast):
    for _ in range(5):
        attempt(client, "ada")
    first = int(attempt(client, "ada")["Retry-After"])
    for _ in range(10):
        assert attempt(client, "ada").status_code == 429
    assert int(attempt(client, "ada")["Retry-After"]) <= first
    time_passes(first + 1)
    assert attempt(client, "ada", cast.password).status_code == 302


def test_twenty_failures_across_accounts_from_one_client_are_answered_429(client, cast):
    for n in range(20):
        assert attempt(client, f"nobody{n % 4}").status_code == 200
    refused = attempt(client, "grace", cast.password)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    # Another client signs in to the same account.
    assert attempt(client, "grace", cast.password, ip="198.51.100.2").status_code == 302


def test_behind_the_balancer_clients_are_told_apart_and_ipv6_by_its_64(client, cast, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    for n in range(20):
        forwarded = f"2001:db8:aa:bb::{n:x}"
        attempt(client, f"nobody{n % 4}", ip="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    same_64 = attempt(client, "grace", ip="10.0.0.2", HTTP_X_FORWARDED_FOR="2001:db8:aa:bb::ffff")
    assert same_64.status_code == 429
    other = attempt(client, "grace", cast.password, ip="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert other.status_code == 302


def test_the_admin_login_is_gated_by_the_same_count(client, cast):
    for _ in range(3):
        attempt(client, "carla")
    for _ in range(2):
        assert attempt(client, "carla", url=ADMIN_LOGIN).status_code == 200
    refused = attempt(client, "carla", cast.password, url=ADMIN_LOGIN)
    assert refused.status_code == 429
    assert "Retry-After" in refused


def test_each_failure_and_each_refusal_is_logged(client, cast, caplog):
    with caplog.at_level(logging.WARNING, logger="config"):
        for _ in range(6):
            attempt(client, "ada")
    failures = [r for r in caplog.records if r.getMessage().startswith("sign-in failed")]
    refusals = [r for r in caplog.records if r.getMessage().startswith("sign-in refused")]
    assert len(failures) == 5 and len(refusals) == 1
    assert "account 'ada' from 203.0.113.7 (/login/)" in failures[0].getMessage()
    assert "account 'ada' from 203.0.113.7" in refusals[0].getMessage()


def test_it_holds_with_redis_down(client, cast, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    for _ in range(5):
        assert attempt(client, "ada").status_code == 200
    assert attempt(client, "ada", cast.password).status_code == 429


def test_a_username_padded_with_spaces_counts_for_the_account(client, cast):
    for username in ("ada", " ada", "ada\u00a0", "ada ", "\tada"):
        assert attempt(client, username).status_code == 200
    assert attempt(client, "ada", cast.password).status_code == 429


def test_another_case_is_another_username_that_never_signs_in(client, cast):
    for _ in range(5):
        assert attempt(client, "ADA", cast.password).status_code == 200
    assert attempt(client, "ADA", cast.password).status_code == 429
    assert attempt(client, "ada", cast.password, ip="198.51.100.3").status_code == 302


SQLITE_SCRIPT = """
from datetime import timedelta
from axes.models import AccessAttempt
from django.db.models import F

client = Client()
def attempt(password="not the password"):
    data = {"username": "ada", "password": password}
    return client.post("/login/", data, REMOTE_ADDR="203.0.113.7").status_code

statuses = [attempt() for _ in range(5)] + [attempt("loupe-demo")]
AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=61))
statuses.append(attempt("loupe-demo"))
print(json.dumps(statuses))
"""


def test_the_throttle_works_on_the_embedded_sqlite_default_without_redis(tmp_path):
    assert run_on_sqlite(tmp_path, SQLITE_SCRIPT) == [200] * 5 + [429, 302]


@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN])
def test_an_overlong_username_is_a_failed_sign_in_counted_and_logged_never_a_500(
    client, cast, caplog, url
):
    """AccessAttempt.username is a varchar(255): a longer name was a 500 on PostgreSQL, and the
    failure was never counted. Now it is a failure like any other, throttled like any other."""
    lengths = (256, 10_000, 151, 300, 1_000)
    with caplog.at_level(logging.WARNING, logger="config"):
        responses = [attempt(client, "u" * length, url=url) for length in lengths]
    assert [response.status_code for response in responses] == [200] * 5
    assert "correct username and password" in responses[0].content.decode()
    failures = [r for r in caplog.records if r.getMessage().startswith("sign-in failed")]
    assert len(failures) == 5
    refused = attempt(client, "u" * 256, url=url)
    assert refused.status_code == 429
    assert "Retry-After" in refused


def test_any_caller_of_authenticate_records_an_overlong_username_cut_to_its_column(cast, rf):
    """Defence in depth behind the forms: axes reads the account cut to 255 characters."""
    from django.contrib.auth import authenticate

    request = rf.post(LOGIN, REMOTE_ADDR="203.0.113.8")
    assert authenticate(request, username="u" * 1_000, password=WRONG) is None
    assert AccessAttempt.objects.get().username == "u" * 255
