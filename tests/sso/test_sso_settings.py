"""SSO's settings through the HTTP client: off by default, SSO only, break glass, the role map."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.urls import reverse

from config.sso_accounts import role_map
from tests import factories


def test_sso_is_off_without_an_issuer(client, db):
    assert "single sign-on" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("oidc_start")).status_code == 404
    assert client.get(reverse("oidc_callback")).status_code == 404


def test_with_local_sign_in_off_the_password_form_is_gone(client, cast, settings):
    settings.LOCAL_LOGIN_ENABLED = False
    settings.OIDC_ISSUER = "https://idp.example.com"
    body = client.get(reverse("login")).content.decode()
    assert "Sign in with single sign-on" in body
    assert 'name="password"' not in body
    response = client.post(reverse("login"), {"username": "ada", "password": cast.password})
    assert response.status_code == 403
    assert client.get(reverse("interviews:home")).status_code == 302


def test_with_local_sign_in_off_the_admin_login_sends_to_sso(client, db, settings):
    settings.LOCAL_LOGIN_ENABLED = False
    admin = factories.UserFactory(username="root", is_superuser=True, is_staff=True)
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    response = client.post("/admin/login/", {"username": admin.username, "password": "x"})
    assert response.status_code == 403


def test_break_glass_signs_a_superuser_in_once(client, db, settings, capsys):
    settings.LOCAL_LOGIN_ENABLED = False
    factories.UserFactory(username="root", is_superuser=True, is_staff=True)
    call_command("break_glass", "root")
    link = capsys.readouterr().out.strip()
    assert client.get(link).status_code == 200  # a GET only shows the button
    response = client.post(link)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()
    assert client.post(link).status_code == 403  # used up


def test_break_glass_is_for_active_superusers_only(db):
    factories.UserFactory(username="ada2")
    with pytest.raises(CommandError):
        call_command("break_glass", "ada2")


def test_a_callback_without_a_known_state_is_refused(client, db, settings):
    settings.OIDC_ISSUER = "https://idp.example.com"
    response = client.get(reverse("oidc_callback"), {"state": "forged", "code": "x"})
    assert response.status_code == 400
    assert "expired or was already used" in response.content.decode()


def test_the_role_map_names_known_roles_only():
    assert role_map("a=curator, b=hiring_manager") == {"a": "Curator", "b": "Hiring manager"}
    with pytest.raises(ImproperlyConfigured):
        role_map("a=admin")


def test_a_misconfigured_sso_fails_the_system_check(settings):
    from config.checks import check_single_sign_on

    settings.OIDC_ISSUER = "https://idp.example.com"
    settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET = "loupe", "secret"
    settings.OIDC_ROLE_MAP = "loupe-curators=curator"
    assert check_single_sign_on(None) == []
    settings.OIDC_ROLE_MAP = "loupe-admins=admin"
    assert [error.id for error in check_single_sign_on(None)] == ["loupe.E031"]
    settings.OIDC_CLIENT_SECRET = ""
    assert "loupe.E030" in [error.id for error in check_single_sign_on(None)]
