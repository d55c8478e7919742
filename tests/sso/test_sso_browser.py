"""Single sign-on through the browser, against a real OpenID provider (tests/sso/conftest.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from config.roles import CURATOR, INTERVIEWER
from tests import factories

pytestmark = pytest.mark.browser

User = get_user_model()


def roles_of(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_a_first_sign_in_creates_the_user_with_the_mapped_role(idp, sso_sign_in, live_server):
    idp.accounts["sub-ada"] = {
        "preferred_username": "ada.l",
        "email": "ada@example.com",
        "email_verified": True,
        "groups": ["loupe-curators", "everyone"],
    }
    page = sso_sign_in("sub-ada")
    assert "/login" not in page.url
    user = User.objects.get(socialaccount__uid=f"{idp.issuer} sub-ada")
    assert user.username == "ada.l"
    assert roles_of(user) == {CURATOR}
    assert not user.has_usable_password()


def test_a_group_removed_at_the_provider_removes_the_role_at_the_next_sign_in(idp, sso_sign_in):
    idp.accounts["sub-bo"] = {"groups": ["loupe-curators", "loupe-interviewers"]}
    sso_sign_in("sub-bo")
    user = User.objects.get(socialaccount__uid=f"{idp.issuer} sub-bo")
    assert roles_of(user) == {CURATOR, INTERVIEWER}

    idp.accounts["sub-bo"] = {"groups": ["loupe-interviewers"]}
    sso_sign_in("sub-bo")
    assert roles_of(user) == {INTERVIEWER}


def test_a_person_with_no_mapped_group_gets_the_no_access_page(idp, sso_sign_in):
    idp.accounts["sub-cy"] = {"groups": ["marketing"]}
    page = sso_sign_in("sub-cy")
    assert page.get_by_role("heading", name="No access to Loupe").is_visible()
    page.goto("/")
    assert "/login/" in page.url  # not signed in to an empty app


def test_a_verified_email_claims_the_scheduled_interviewer(idp, sso_sign_in):
    scheduled = factories.interviewer("dee", "Dee")
    scheduled.email = "dee@example.com"
    scheduled.save()
    idp.accounts["sub-dee"] = {
        "email": "dee@example.com",
        "email_verified": True,
        "groups": ["loupe-interviewers"],
    }
    sso_sign_in("sub-dee")
    assert User.objects.get(socialaccount__uid=f"{idp.issuer} sub-dee") == scheduled


def test_an_unverified_email_claims_nobody(idp, sso_sign_in):
    scheduled = factories.interviewer("eve", "Eve")
    scheduled.email = "eve@example.com"
    scheduled.save()
    idp.accounts["sub-mallory"] = {
        "email": "eve@example.com",
        "email_verified": False,
        "groups": ["loupe-interviewers"],
    }
    sso_sign_in("sub-mallory")
    mallory = User.objects.get(socialaccount__uid=f"{idp.issuer} sub-mallory")
    assert mallory != scheduled
    assert mallory.email == ""


def test_a_user_deactivated_in_loupe_loses_the_open_session_at_once(idp, sso_sign_in):
    idp.accounts["sub-fay"] = {"groups": ["loupe-interviewers"]}
    page = sso_sign_in("sub-fay")
    page.goto("/")
    assert "/login/" not in page.url
    User.objects.filter(socialaccount__uid=f"{idp.issuer} sub-fay").update(is_active=False)
    page.goto("/")
    assert "/login/" in page.url
    assert Group.objects.filter(name=INTERVIEWER).exists()


def test_sso_brings_the_person_back_to_the_page_they_asked_for(idp, sso_sign_in, live_server):
    idp.accounts["sub-ida"] = {"groups": ["loupe-interviewers"]}
    page = sso_sign_in("sub-ida", start="/questions/")
    assert page.url == f"{live_server.url}/questions/"


def test_a_user_deactivated_in_loupe_cannot_sign_in_through_sso(idp, sso_sign_in):
    idp.accounts["sub-jo"] = {"groups": ["loupe-interviewers"]}
    sso_sign_in("sub-jo")
    User.objects.filter(socialaccount__uid=f"{idp.issuer} sub-jo").update(is_active=False)
    page = sso_sign_in("sub-jo")
    assert page.get_by_text("Your Loupe account is deactivated.").is_visible()
    page.goto("/")
    assert "/login/" in page.url
