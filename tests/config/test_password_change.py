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
