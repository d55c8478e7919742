"""The client's address: the one answer every rate limit and the login throttle key on.

Behind TRUSTED_PROXY_HOPS proxies that each append the address they received from to
X-Forwarded-For, the client is the entry the outermost trusted proxy appended (counted from the
right); anything to its left was written by the client and is never believed. With no hops trusted
the header is ignored and the client is REMOTE_ADDR.

An IPv6 client stands for its /64: one subscriber usually holds a whole /64, so keying on the full
address would hand a guesser 2**64 budgets. An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the
IPv4 client it carries, not a /64 shared by every IPv4 client.
"""

import ipaddress

from django.conf import settings

# No usable address at all (a unix socket with no proxy header): such requests share one key.
UNKNOWN = "0.0.0.0"  # noqa: S104  (a key, never bound to)


def parsed(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().split("%", 1)[0])  # drop an IPv6 zone
    except ValueError:
        return None


def forwarded_address(request) -> str | None:
    """The entry the outermost trusted proxy appended to X-Forwarded-For, if there is one."""
    hops = settings.TRUSTED_PROXY_HOPS
    if hops <= 0:
        return None
    entries = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    # Fewer entries than trusted proxies: the request did not come through all of them.
    return entries[-hops] if len(entries) >= hops else None


def client_address(request) -> str:
    """The address limits key on: the client's IPv4 address, or its IPv6 /64 written as the /64's
    first address (e.g. 2001:db8:1:2::), a valid IP wherever an IP is stored."""
    peer = request.META.get("REMOTE_ADDR", "")
    address = parsed(forwarded_address(request) or "") or parsed(peer)
    if address is None:
        return UNKNOWN
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False).network_address)
    return str(address)
