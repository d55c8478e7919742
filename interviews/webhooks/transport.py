"""POST one signed body to an endpoint, connecting only to an address that was checked.

A hostname is resolved once, here; every address it resolves to must be public (not loopback,
private, link-local, shared, multicast or reserved) unless WEBHOOK_ALLOW_LOCAL_ADDRESSES is on, and
the connection goes to that very address: urllib3's pool is opened on the IP, with the hostname as
the Host header, the TLS SNI and the name the certificate must match. No second lookup happens,
so a name that re-resolves to 127.0.0.1 between the check and the connect (DNS rebinding) changes
nothing. Redirects are not followed (a 3xx is a failed attempt): a redirect could point anywhere.
"""

import ipaddress
import socket
from dataclasses import dataclass
from socket import getaddrinfo
from urllib.parse import urlsplit

import urllib3
from django.conf import settings

USER_AGENT = "Loupe-Webhooks/1"
# Enough of a response body to free the connection; nothing of it is stored.
READ_LIMIT = 4096


class AddressRefused(Exception):
    """The endpoint's URL or the address it resolves to is not one Loupe sends to."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # the hostname, as written in the URL (for Host, SNI and the certificate)
    address: str  # the checked IP address connected to
    port: int
    path: str  # path and query


@dataclass(frozen=True)
class Answer:
    status: int


# IPv6 ranges that carry or translate to an IPv4 address (NAT64, 6to4, Teredo, IPv4-compatible)
# and the deprecated site-local range: a gateway on the way could turn them into an internal IPv4
# address, and no real webhook receiver needs them. is_global does not cover them all.
REFUSED_IPV6 = [
    ipaddress.ip_network(network)
    for network in (
        *("64:ff9b::/96", "64:ff9b:1::/48"),  # NAT64
        *("2002::/16", "2001::/32", "::/96"),  # 6to4, Teredo, IPv4-compatible
        "::ffff:0:0:0/96",  # IPv4-translated (SIIT)
        "fec0::/10",  # site-local
    )
]


def allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1
        elif any(ip in network for network in REFUSED_IPV6):
            return False
    # is_global is False for loopback, RFC 1918, link-local (169.254/16: cloud metadata), CGNAT,
    # unique-local IPv6, documentation and reserved ranges; multicast is refused as well.
    return ip.is_global and not ip.is_multicast


def resolve(url: str, *, allow_local: bool) -> Target:
    """The address to connect to for `url`, checked; AddressRefused says why not."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise AddressRefused(f"{scheme or 'no'} scheme: only https is sent to")
    if scheme != "https" and not allow_local:
        raise AddressRefused("http is sent to only when local addresses are allowed; use https")
    host = parts.hostname
    if not host:
        raise AddressRefused("the URL names no host")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as error:
        raise AddressRefused(f"bad port: {error}") from None
    try:
        found = getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise AddressRefused(f"{host} does not resolve: {error}") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
    if not addresses:
        raise AddressRefused(f"{host} resolves to no address")
    if not allow_local:
        # Every address must be public: a name that answers with a public and a private address
        # (at random, or by round robin) is refused as a whole.
        refused = [address for address in addresses if not allowed(address)]
        if refused:
            raise AddressRefused(
                f"{host} resolves to {', '.join(refused)}: not a public address "
                "(loopback, private, link-local and reserved addresses are refused)"
            )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(scheme=scheme, host=host, address=addresses[0], port=port, path=path)


def post(target: Target, *, body: bytes, headers: dict[str, str]) -> Answer:
    """POST to the checked address; network errors are raised (urllib3.exceptions.HTTPError)."""
    timeout = urllib3.Timeout(
        connect=settings.WEBHOOK_CONNECT_TIMEOUT_SECONDS, read=settings.WEBHOOK_READ_TIMEOUT_SECONDS
    )
    default_port = 443 if target.scheme == "https" else 80
    host_header = target.host if ":" not in target.host else f"[{target.host}]"
    if target.port != default_port:
        host_header += f":{target.port}"
    if target.scheme == "https":
        pool: urllib3.HTTPConnectionPool = urllib3.HTTPSConnectionPool(
            target.address,
            target.port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            cert_reqs="CERT_REQUIRED",
            server_hostname=target.host,  # SNI
            assert_hostname=target.host,  # the certificate must name the host, not the IP
        )
    else:
        pool = urllib3.HTTPConnectionPool(
            target.address, target.port, timeout=timeout, retries=False, maxsize=1
        )
    with pool:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body,
            headers={
                **headers,
                "Host": host_header,
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
            },
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
        try:
            response.read(READ_LIMIT)
        finally:
            response.release_conn()
        return Answer(status=response.status)
