"""Password guessing is throttled: django-axes, with Loupe's policy in its handler.

Every failed sign-in, on /login/ and /admin/login/ alike (both authenticate through the same
backends), is recorded by axes's database handler: in the database, so the throttle holds with
Redis down and on the embedded SQLite default. Before each attempt `LoginThrottle.is_locked`
decides, and axes's backend refuses a locked attempt before any password is hashed:

- an account with LOGIN_FAILURES_PER_ACCOUNT failures, or a client (config/clients.py: behind
  TRUSTED_PROXY_HOPS, IPv6 by its /64) with LOGIN_FAILURES_PER_CLIENT failures, within
  LOGIN_FAILURE_WINDOW_MINUTES of each other, waits LOGIN_FIRST_DELAY_SECONDS after its last
  failure;
- each further failure doubles that wait, up to the window: a delay that grows, never a lock that
  lasts, so nobody can lock a colleague out for longer than the window after the last guess, and
  nobody has to ask an admin to be let back in. Failures are forgotten a window after the last;
- a browser that has signed in to the account before (a known device, config/known_devices.py)
  is judged only by its own failures for that account, with the per-account limit: guesses from
  elsewhere never keep the account's holder out.

A refused attempt is answered 429 with Retry-After (`config.views.login_throttled`) and is not
counted. Axes's own "lock out at failure" is off: the failure that reaches a limit is answered as
the wrong password it was, and the next attempt is the one refused. Each failure and each refusal
is logged here (axes's own lines mask the account and the address).
"""

import logging
import math
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum

from config.known_devices import client_for_log, is_device

logger = logging.getLogger(__name__)

# AccessAttempt.username is a varchar(255).
USERNAME_COLUMN = 255


def account_of(request, credentials=None) -> str | None:
    """AXES_USERNAME_CALLABLE: the account an attempt names, as axes reads it by default, cut to
    AccessAttempt.username's 255 characters. The sign-in forms already cut a longer name
    (config/login_forms.py); any other caller of authenticate() must not turn a long one into a
    500 that escapes the throttle either."""
    if credentials:
        username = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        username = getattr(request, "data", request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    return username[:USERNAME_COLUMN] if isinstance(username, str) else username


def window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def cool_off(request=None) -> timedelta:
    """How long failures are remembered after the last one (axes's AXES_COOLOFF_TIME)."""
    return window()


def delay(failures: int, limit: int) -> float:
    """Seconds to wait after the last failure: none under the limit, then doubling, capped."""
    if failures < limit:
        return 0.0
    doublings = min(failures - limit, 32)
    return min(settings.LOGIN_FIRST_DELAY_SECONDS * 2**doublings, window().total_seconds())


class LoginThrottle(AxesDatabaseHandler):
    def limits(self, request, credentials) -> list[tuple[str, str | None, int]]:
        """(the AccessAttempt field, its value for this attempt, the failures it may have)."""
        if is_device(request.axes_ip_address):
            # A browser that signed in to this account before: its own failures, and only those,
            # against the per-account limit (config/known_devices.py).
            return [("ip_address", request.axes_ip_address, settings.LOGIN_FAILURES_PER_ACCOUNT)]
        username = get_client_username(request, credentials)
        return [
            ("username", username, settings.LOGIN_FAILURES_PER_ACCOUNT),
            ("ip_address", request.axes_ip_address, settings.LOGIN_FAILURES_PER_CLIENT),
        ]

    def retry_after(self, request, credentials=None) -> int:
        """Seconds until this account and this client may try again (0: now)."""
        now: datetime = request.axes_attempt_time
        waits = [0.0]
        for field, value, limit in self.limits(request, credentials):
            if not value:
                continue
            seen = AccessAttempt.objects.filter(
                **{field: value}, attempt_time__gte=now - window()
            ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            if seen["failures"]:
                until = seen["last"] + timedelta(seconds=delay(seen["failures"], limit))
                waits.append((until - now).total_seconds())
        return max(0, math.ceil(max(waits)))

    def is_locked(self, request, credentials=None) -> bool:
        request.login_retry_after = self.retry_after(request, credentials)
        return request.login_retry_after > 0

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        refused = request is not None and getattr(request, "axes_locked_out", False)
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not refused:
            logger.warning(
                "sign-in failed: account %r from %s (%s)",
                get_client_username(request, credentials),
                client_for_log(request),
                request.path,
            )
