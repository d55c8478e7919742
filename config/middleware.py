"""Project middleware: private responses, security headers, session expiry."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.cache import patch_cache_control


class PrivateResponsesMiddleware:
    """Every response to a signed-in user is `Cache-Control: no-store, private`: the console, the
    reports, their PDFs and calibration are for that user alone, and neither a shared cache nor
    the browser's disk should keep a copy. Directives a view already set are kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


class PermissionsPolicyMiddleware:
    """Every response says which browser features no page of Loupe uses (PERMISSIONS_POLICY), so
    injected content or a framed page cannot ask for the camera, the microphone or a payment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class SessionExpiryMiddleware:
    """A session ends after an idle period (SESSION_IDLE_HOURS; SESSION_IDLE_HOURS_STAFF for staff)
    and at its absolute age (SESSION_ABSOLUTE_HOURS from sign-in), whichever comes first.

    When the user was last seen is recorded in the session at most once every LAST_SEEN_SECONDS,
    so a request within that minute writes nothing: the session store (PostgreSQL, and Redis on
    the real stack) is written at most once a minute per user, not on every rating.
    """

    LAST_SEEN_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self.check(request, user)
        return self.get_response(request)

    def check(self, request, user) -> None:
        session, now = request.session, int(time.time())
        signed_in = session.setdefault(SIGNED_IN_KEY, now)
        last_seen = session.setdefault(LAST_SEEN_KEY, now)
        staff = user.is_staff
        idle_hours = settings.SESSION_IDLE_HOURS_STAFF if staff else settings.SESSION_IDLE_HOURS
        if now - last_seen > idle_hours * 3600:
            why = f"after {idle_hours:g} hour{'s' if idle_hours != 1 else ''} without activity"
        elif now - signed_in > settings.SESSION_ABSOLUTE_HOURS * 3600:
            why = f"{settings.SESSION_ABSOLUTE_HOURS:g} hours after signing in"
        else:
            if now - last_seen >= self.LAST_SEEN_SECONDS:
                session[LAST_SEEN_KEY] = now
            return
        logout(request)
        messages.info(request, f"You were signed out {why}. Please sign in again.")


SIGNED_IN_KEY = "loupe_signed_in_at"
LAST_SEEN_KEY = "loupe_last_seen_at"


def record_sign_in(sender, request, user, **kwargs) -> None:
    """user_logged_in: the absolute age counts from here, and the user was just seen."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_KEY] = now
        request.session[LAST_SEEN_KEY] = now
