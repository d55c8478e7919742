"""A browser that has signed in to an account (a known device) is judged by its own failures only:
an attacker who knows the account's name cannot keep its holder out, while a fresh browser still
waits out the per-account limit (config/known_devices.py)."""

import logging
from datetime import timedelta

from axes.models import AccessAttempt
from django.core import signing
from django.db.models import F
from django.test import Client
from django.urls import reverse

from config.known_devices import SALT, cookie_name

LOGIN = "/login/"
ADMIN_LOGIN = "/admin/login/"
WRONG = "not the password"


def attempt(client, username, password=WRONG, url=LOGIN, ip="203.0.113.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in_browser(cast, username="ada", ip="198.51.100.10") -> Client:
    """Ada's own browser: it signed in once, and out again."""
    browser = Client()
    response = attempt(browser, username, cast.password, ip=ip)
    assert response.status_code == 302
    browser.post(reverse("logout"))
    return browser


def test_a_successful_sign_in_leaves_a_signed_http_only_long_lived_cookie(client, cast):
    response = attempt(client, "ada", cast.password)
    cookie = response.cookies[cookie_name()]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 365 * 86400
    assert signing.loads(cookie.value, salt=SALT)["u"] == "ada"
    assert cookie_name() not in attempt(Client(), "ada").cookies  # a failure earns none


def test_the_holder_signs_in_from_a_known_browser_while_a_fresh_one_waits(client, cast, caplog):
    ada = signed_in_browser(cast)
    attacker = Client()
    for _ in range(5):
        assert attempt(attacker, "ada", ip="192.0.2.66").status_code == 200
    assert attempt(attacker, "ada", cast.password, ip="192.0.2.66").status_code == 429
    fresh = attempt(Client(), "ada", cast.password, ip="198.51.100.10")
    assert fresh.status_code == 429  # same address as Ada's browser, but not her browser
    with caplog.at_level(logging.WARNING, logger="config"):
        assert attempt(ada, "ada", cast.password, ip="198.51.100.10").status_code == 302
    assert client.get(reverse("interviews:home")).status_code == 302  # the fresh one: still out
    assert ada.get(reverse("interviews:home")).status_code == 200


def test_the_admin_login_knows_the_device_too(client, cast):
    carla = signed_in_browser(cast, "carla")
    for _ in range(5):
        attempt(Client(), "carla", url=ADMIN_LOGIN, ip="192.0.2.66")
    assert attempt(Client(), "carla", cast.password, url=ADMIN_LOGIN).status_code == 429
    assert attempt(carla, "carla", cast.password, url=ADMIN_LOGIN).status_code == 302


def test_a_known_browser_is_judged_by_its_own_failures(client, cast, caplog):
    ada = signed_in_browser(cast)
    with caplog.at_level(logging.WARNING, logger="config"):
        for _ in range(5):
            assert attempt(ada, "ada").status_code == 200
        refused = attempt(ada, "ada", cast.password)
    assert refused.status_code == 429
    assert 55 <= int(refused["Retry-After"]) <= 60
    logged = [r.getMessage() for r in caplog.records]
    assert any("account 'ada' from 203.0.113.7 (known device fd4c:6f75:7065:" in m for m in logged)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=61))
    assert attempt(ada, "ada", cast.password).status_code == 302


def test_the_cookie_vouches_only_for_its_own_account(client, cast):
    ada = signed_in_browser(cast)
    for _ in range(5):
        attempt(Client(), "grace", ip="192.0.2.66")
    assert attempt(ada, "grace", cast.password).status_code == 429


def test_a_forged_or_altered_cookie_is_no_known_device(client, cast):
    for _ in range(5):
        attempt(Client(), "ada", ip="192.0.2.66")
    forged = Client()
    forged.cookies[cookie_name()] = signing.dumps({"d": "00" * 10, "u": "ada"}, salt="other")
    assert attempt(forged, "ada", cast.password).status_code == 429
    garbled = Client()
    garbled.cookies[cookie_name()] = "ada"
    assert attempt(garbled, "ada", cast.password).status_code == 429


def test_under_https_the_cookie_is_host_only_and_secure(client, cast, settings):
    settings.HTTPS = True
    response = client.post(
        LOGIN,
        {"username": "ada", "password": cast.password},
        REMOTE_ADDR="203.0.113.7",
        secure=True,
    )
    cookie = response.cookies["__Host-loupe_device"]
    assert cookie["secure"] is True
    assert cookie["path"] == "/"
    assert not cookie["domain"]
