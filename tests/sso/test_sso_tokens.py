"""An ID token altered on its way from the provider's token endpoint is refused.

A real provider never issues a bad token, so a proxy the test controls stands on the token
endpoint (tests/sso/conftest.py: token_proxy) and re-signs altered claims with the provider's own
key: each check (signature, audience, issuer, nonce) is what refuses its case, not another one."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.browser

User = get_user_model()

# alteration -> (what it does to the ID token, the reason logged for the refusal)
ALTERATIONS = {
    "signature": (lambda header, claims: None, "Signature verification failed"),
    "audience": (lambda header, claims: claims | {"aud": "another-client"}, "Audience"),
    "another party": (
        lambda header, claims: claims | {"aud": [claims["aud"], "other"], "azp": "other"},
        "another party (azp)",
    ),
    "issuer": (lambda header, claims: claims | {"iss": "http://127.0.0.1:1"}, "Invalid issuer"),
    "nonce": (
        lambda header, claims: claims | {"nonce": "a-nonce-from-another-sign-in"},
        "nonce is not this sign-in's",
    ),
    "no nonce": (
        lambda header, claims: {k: v for k, v in claims.items() if k != "nonce"},
        "nonce is not this sign-in's",
    ),
}


def test_the_proxy_alone_changes_nothing(idp, token_proxy, sso_sign_in):
    idp.accounts["sub-gus"] = {"groups": ["loupe-interviewers"]}
    page = sso_sign_in("sub-gus")
    assert "/login" not in page.url
    assert User.objects.filter(socialaccount__uid=f"{idp.issuer} sub-gus").exists()


@pytest.mark.parametrize("alteration", ALTERATIONS)
def test_an_altered_id_token_is_refused(idp, token_proxy, sso_sign_in, alteration, caplog):
    idp.accounts["sub-hal"] = {"groups": ["loupe-curators"]}
    token_proxy.alter, reason = ALTERATIONS[alteration]
    page = sso_sign_in("sub-hal")
    assert page.get_by_role("heading", name="Sign-in refused").is_visible()
    assert not User.objects.filter(socialaccount__uid__endswith=" sub-hal").exists()
    refusals = [r.getMessage() for r in caplog.records if "SSO callback refused" in r.getMessage()]
    assert len(refusals) == 1
    assert reason in refusals[0]
    page.goto("/")
    assert "/login/" in page.url
