"""Known devices: a browser that has signed in to an account is judged by its own failures only.

The per-account limit (config/login_throttle.py) stops guessing spread over many clients, but on
its own it lets anyone who knows an account name keep that account waiting: a handful of wrong
guesses each window, and the right password is refused from every client. So a successful sign-in
leaves a cookie in that browser, signed (SECRET_KEY), HttpOnly, long-lived, naming the account and a
random device id. When that browser signs in to that account again, axes sees the device instead of
the client's address (AXES_CLIENT_IP_CALLABLE, `login_client`): its failures are recorded against
the device, and the throttle judges it by those alone, with the per-account limit. A colleague's
guesses elsewhere no longer keep its holder out; a fresh browser still waits as before.

django-axes has no device cookies; its client-address callable is the one hook that keys both the
record and the decision. A device is written as an address in a unique-local IPv6 prefix that no
client address has (fd00::/8, never routed on the internet, and config.clients gives an IPv6
client as its /64), so it fits AccessAttempt.ip_address and never meets a real client's count.
"""

import ipaddress
import secrets
import unicodedata

from django.conf import settings
from django.core import signing

from config.clients import client_address

SALT = "loupe.known-device"
# fd + "Loupe" in ASCII: the 48-bit prefix every device address starts with; 80 random bits follow.
PREFIX = bytes.fromhex("fd4c6f757065")
DEVICE_BYTES = 10


def cookie_name() -> str:
    # Under HTTPS the __Host- prefix pins it to this host, path / and Secure, like the session's.
    return "__Host-loupe_device" if settings.HTTPS else "loupe_device"


def normalised(username: str) -> str:
    """The username as the sign-in form reads it (stripped, NFKC), so both name one account."""
    return unicodedata.normalize("NFKC", username.strip())


def device_address(device: str) -> str:
    return str(ipaddress.IPv6Address(PREFIX + bytes.fromhex(device)))


def is_device(address: str | None) -> bool:
    try:
        return ipaddress.IPv6Address(address or "").packed.startswith(PREFIX)
    except ValueError:
        return False


def known_device(request, username: str | None) -> str | None:
    """The device id of this browser if it has signed in to `username` before, else None."""
    value = request.COOKIES.get(cookie_name())
    if not value or not username:
        return None
    try:
        known = signing.loads(value, salt=SALT, max_age=settings.LOGIN_KNOWN_DEVICE_DAYS * 86400)
        device, account = known["d"], known["u"]
        if len(bytes.fromhex(device)) != DEVICE_BYTES:
            return None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return device if account == normalised(username) else None


def login_client(request) -> str:
    """AXES_CLIENT_IP_CALLABLE: the known device signing in to its own account, else the client's
    address (config.clients.client_address)."""
    username = request.POST.get("username") if request.method == "POST" else None
    device = known_device(request, username)
    return device_address(device) if device else client_address(request)


def client_for_log(request) -> str:
    """The client as log lines name it: its address, and whether it is a known device."""
    address = getattr(request, "axes_ip_address", None)
    if is_device(address):
        return f"{client_address(request)} (known device {address})"
    return str(address)


def remember(sender, request, user, **kwargs) -> None:
    """user_logged_in: mark the response to carry this browser's device cookie for `user`.

    A browser that already knows this account keeps its device id (and so its own failures)."""
    if request is None:
        return
    username = user.get_username()
    device = known_device(request, username) or secrets.token_hex(DEVICE_BYTES)
    request.known_device_cookie = signing.dumps({"d": device, "u": username}, salt=SALT)


class KnownDeviceMiddleware:
    """Sets the cookie `remember` prepared, on the response to the sign-in that earned it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        value = getattr(request, "known_device_cookie", None)
        if value is not None:
            response.set_cookie(
                cookie_name(),
                value,
                max_age=settings.LOGIN_KNOWN_DEVICE_DAYS * 86400,
                path="/",
                secure=settings.HTTPS,
                httponly=True,
                samesite="Lax",
            )
        return response
