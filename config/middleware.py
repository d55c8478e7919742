"""Project middleware: the queue-time budget, private responses, security headers, session
expiry."""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

# What the front proxy sets when it has read a request (deploy/haproxy.cfg: "t=" and epoch
# milliseconds). Seconds, microseconds and nanoseconds are read too, told apart by magnitude, as
# other fronts write them (nginx: "t=1700000000.123").
REQUEST_START_HEADER = "HTTP_X_REQUEST_START"
# Epoch seconds, ms, µs, ns: the first unit under whose bound the number falls (year 5138 in s).
EPOCH_UNITS = ((1e11, 1.0), (1e14, 1e3), (1e17, 1e6), (1e20, 1e9))


def request_started(value: str) -> float | None:
    """The epoch second the proxy read the request at, or None for a header that says nothing
    usable (missing, malformed, not finite): such a request is served as if it had not waited."""
    text = value.strip().removeprefix("t=")
    if not text or len(text) > 32:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    if not number > 0:  # also NaN
        return None
    for bound, per_second in EPOCH_UNITS:
        if number < bound:
            return number / per_second
    return None


class QueueBudgetMiddleware:
    """Past saturation, a request that has already waited longer than QUEUE_BUDGET_MS (in the
    proxy's queue and the server's backlog) is answered 503 with Retry-After at once, before the
    session, the user or any query: its client has likely given up or will soon, and working on it
    would only make every later request wait longer. Shedding those keeps the requests that are
    served fast (issue 14, item 11).

    The wait is read from the request-start header the front proxy sets, so only when a proxy is
    trusted (TRUSTED_PROXY_HOPS > 0); a client reaching the app directly could write any value.
    /healthz is never shed: the proxy's health checks must not take a busy server for a dead one.
    """

    RETRY_AFTER_SECONDS = 1
    # Shed requests are counted and logged once per this many seconds, not one line each: past
    # saturation that would be hundreds of lines a second, written by the busy workers.
    LOG_EVERY_SECONDS = 10.0

    def __init__(self, get_response):
        self.get_response = get_response
        self.shed_count = 0
        self.logged_at = time.monotonic()

    def __call__(self, request):
        budget = settings.QUEUE_BUDGET_MS
        if budget and settings.TRUSTED_PROXY_HOPS > 0 and request.path_info != "/healthz":
            started = request_started(request.META.get(REQUEST_START_HEADER, ""))
            if started is not None and (time.time() - started) * 1000 > budget:
                self.count_shed(budget)
                return self.shed()
        return self.get_response(request)

    def count_shed(self, budget: float) -> None:
        self.shed_count += 1
        now = time.monotonic()
        if now - self.logged_at >= self.LOG_EVERY_SECONDS:
            logger.warning(
                "over capacity: %d requests that had waited over %g ms were answered 503 "
                "in the last %.0f s",
                self.shed_count,
                budget,
                now - self.logged_at,
            )
            self.shed_count, self.logged_at = 0, now

    def shed(self) -> HttpResponse:
        response = HttpResponse(
            "Loupe is busy: please try again in a moment.\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        # Not logged by django.request as a server error, one line per shed request (count_shed
        # sums them up instead); tests/config/test_queue_budget.py checks Django still reads it.
        response._has_been_logged = True
        return response


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
