"""Single sign-on with OpenID Connect, through django-allauth's OpenID Connect provider.

Why allauth: it checks the ID token's issuer and audience (mozilla-django-oidc checks neither,
mozilla/mozilla-django-oidc#340). It brings the authorization code flow with PKCE, discovery from
the issuer's /.well-known/openid-configuration, and a random `state` stashed in the session and
checked at the callback. Two things Loupe adds here, because allauth's OpenID Connect provider
does neither:

- a `nonce`: sent with the authorization request, kept in the stashed state, and required to come
  back unchanged in the ID token (a token replayed from another sign-in is refused);
- the ID token's signature is always verified against the provider's published keys (allauth
  skips it when the token came straight from the token endpoint over TLS, which the specification
  allows; a proxy or a compromised hop on that path is exactly what Loupe does not trust).

Who the person is, and their roles, is decided in config/sso_accounts.py. Everything is read from
the OIDC_* settings at each request (off unless OIDC_ISSUER is set), so the views 404 when off.
"""

import hmac
import logging
import secrets

import jwt
from allauth.socialaccount.internal import jwtkit, statekit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from requests import RequestException

from config import sso_accounts

logger = logging.getLogger(__name__)

PROVIDER_ID = "sso"
# Asymmetric algorithms only: never "none", never an HMAC keyed with a public key.
SIGNING_ALGORITHMS = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"}


def enabled() -> bool:
    return bool(settings.OIDC_ISSUER)


def social_app() -> SocialApp:
    """The one provider, built from the settings (never stored: the environment is the record)."""
    return SocialApp(
        provider="openid_connect",
        provider_id=PROVIDER_ID,
        name="single sign-on",
        client_id=settings.OIDC_CLIENT_ID,
        secret=settings.OIDC_CLIENT_SECRET,
        settings={"server_url": settings.OIDC_ISSUER, "oauth_pkce_enabled": True},
    )


class LoupeOIDCProvider(OpenIDConnectProvider):
    def get_oauth2_adapter(self, request):
        return LoupeOIDCAdapter(request)

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None) or self.get_auth_params()
        auth_params["nonce"] = nonce
        # Extra keyword arguments are stashed with the state (and its PKCE verifier).
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )


class LoupeOIDCAdapter(OpenIDConnectOAuth2Adapter):
    def __init__(self, request):
        super().__init__(request, PROVIDER_ID)

    def get_provider(self):
        return LoupeOIDCProvider(self.request, app=social_app())

    def get_callback_url(self, request, app):
        return build_absolute_uri(request, reverse("oidc_callback"), self.redirect_uri_protocol)

    def verified_claims(self, app: SocialApp, id_token: str | None, nonce: str | None) -> dict:
        config = self.openid_config
        # OpenID Connect Discovery 1.0 §4.3: the document's issuer is the one configured.
        if config.get("issuer", "").rstrip("/") != settings.OIDC_ISSUER:
            raise OAuth2Error("the discovery document names another issuer")
        if not id_token:
            raise OAuth2Error("no ID token")
        if jwt.get_unverified_header(id_token).get("alg") not in SIGNING_ALGORITHMS:
            raise OAuth2Error("ID token signed with a refused algorithm")
        claims = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=config["jwks_uri"],
            issuer=config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
        if not nonce or not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
            raise OAuth2Error("the ID token's nonce is not this sign-in's")
        audiences = claims.get("aud")
        # OpenID Connect Core 3.1.3.7: with several audiences, azp must be this client.
        if (
            isinstance(audiences, list)
            and len(audiences) > 1
            and claims.get("azp") != app.client_id
        ):
            raise OAuth2Error("the ID token was issued to another party (azp)")
        if not claims.get("sub"):
            raise OAuth2Error("the ID token names no subject")
        return claims


def safe_next(request, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse(settings.LOGIN_REDIRECT_URL)


def refused(request, why: str, status: int = 400):
    return render(request, "registration/sso_refused.html", {"why": why}, status=status)


@login_not_required
@require_GET
@never_cache
def start(request):
    """The login page's "Sign in with single sign-on" link: off to the provider.

    A link, not a form: the CSP's form-action 'self' would stop a form's redirect to the provider.
    A page elsewhere linking here can only make someone sign in as themselves."""
    if not enabled():
        raise Http404
    provider = LoupeOIDCAdapter(request).get_provider()
    return provider.redirect(request, "login", next_url=safe_next(request, request.GET.get("next")))


@login_not_required
@require_GET
@never_cache
def callback(request):
    """Where the provider sends the browser back: needs no session login, checks everything."""
    if not enabled():
        raise Http404
    adapter = LoupeOIDCAdapter(request)
    provider = adapter.get_provider()
    state = statekit.unstash_state(
        request, provider_id=provider.sub_id, state_id=request.GET.get("state", "")
    )
    if state is None:
        logger.warning("SSO callback refused: unknown or reused state")
        return refused(request, "This sign-in link has expired or was already used.")
    if "code" not in request.GET:
        logger.warning("SSO callback refused: %s", request.GET.get("error", "no code"))
        return refused(request, "The identity provider did not sign you in.")
    app = provider.app
    try:
        client = adapter.get_client(request, app)
        tokens = adapter.get_access_token_data(
            request, app, client, pkce_code_verifier=state.get("pkce_code_verifier")
        )
        claims = adapter.verified_claims(app, tokens.get("id_token"), state.get("nonce"))
    except (OAuth2Error, RequestException, jwt.PyJWTError, KeyError, ValueError) as error:
        # allauth wraps PyJWT's error (bad signature, audience, issuer...): log the cause too.
        cause = f" ({error.__cause__})" if error.__cause__ else ""
        logger.warning("SSO callback refused: %s%s", error, cause)
        return refused(request, "The identity provider's answer could not be verified.")
    outcome = sso_accounts.sign_in(claims=claims, role_claim=settings.OIDC_ROLE_CLAIM)
    if outcome.user is None:
        return refused(request, outcome.why, status=403)
    if not outcome.roles and not outcome.user.is_superuser:
        logger.info("SSO sign-in of %s: no mapped group, no access", outcome.user.username)
        return render(request, "registration/no_access.html", status=403)
    login(request, outcome.user, backend="config.auth.ModelBackend")
    return HttpResponseRedirect(safe_next(request, state.get("next")))
