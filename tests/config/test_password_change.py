"""Every signed-in user can change their password; their other sessions end, this one goes on."""

import pytest
from django.test import Client
from django.urls import reverse

NEW = "a new and longer passphrase 42"


@pytest.mark.parametrize("who", ["ada", "manager", "curator"])
def test_a_signed_in_user_changes_their_password(client, cast, who):
    user = getattr(cast, who)
    client.force_login(user)
    other = Client()
    other.force_login(user)
    assert 'href="/password/"' in client.get(reverse("interviews:home")).content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": cast.password, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    assert "Password changed" in client.get(response.url).content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get(reverse("interviews:home")).status_code == 200
    assert other.get(reverse("interviews:home")).status_code == 302  # signed out elsewhere


def test_a_wrong_old_password_or_a_weak_new_one_is_named(client, cast):
    client.force_login(cast.ada)
    response = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "123", "new_password2": "123"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Your old password was entered incorrectly" in body
    cast.ada.refresh_from_db()
    assert cast.ada.check_password(cast.password)


def test_an_anonymous_visitor_is_sent_to_login(client, db):
    assert client.get(reverse("password_change")).url.startswith("/login/")


def test_wrong_old_passwords_count_as_failed_sign_ins_and_are_throttled(client, cast, caplog):
    """The old password goes through the sign-in throttle: a stolen session cannot guess it."""
    import logging

    client.force_login(cast.ada)
    url = reverse("password_change")
    data = {"new_password1": NEW, "new_password2": NEW}
    with caplog.at_level(logging.WARNING, logger="config"):
        for _ in range(5):
            response = client.post(url, {"old_password": "guess"} | data, REMOTE_ADDR="192.0.2.9")
            assert response.status_code == 200
            assert "Your old password was entered incorrectly" in response.content.decode()
        refused = client.post(url, {"old_password": cast.password} | data, REMOTE_ADDR="192.0.2.9")
    assert refused.status_code == 429
    assert 55 <= int(refused["Retry-After"]) <= 60
    cast.ada.refresh_from_db()
    assert cast.ada.check_password(cast.password)  # unchanged
    failed = [r.getMessage() for r in caplog.records if "sign-in failed" in r.getMessage()]
    assert failed[0] == "sign-in failed: account 'ada' from 192.0.2.9 (/password/)"
    # The same gate as signing in: the account now waits there too.
    assert (
        Client().post(reverse("login"), {"username": "ada", "password": cast.password}).status_code
        == 429
    )
