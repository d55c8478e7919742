"""The client's address every limit keys on (config/clients.py): X-Forwarded-For only as far as
trusted proxies wrote it, IPv6 by its /64, IPv4-mapped IPv6 as the IPv4 it carries."""

import pytest

from config.clients import UNKNOWN, client_address


@pytest.fixture
def request_from(rf):
    def build(remote: str, forwarded: str | None = None):
        extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
        return rf.get("/", REMOTE_ADDR=remote, **extra)

    return build


def test_without_trusted_hops_the_header_is_ignored(request_from, settings):
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_address(request_from("10.0.0.2", "1.1.1.1")) == "10.0.0.2"


def test_with_one_hop_the_balancers_entry_is_the_client(request_from, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    request = request_from("10.0.0.2", "1.1.1.1, 203.0.113.5")
    assert client_address(request) == "203.0.113.5"


def test_with_two_hops_the_outer_proxys_entry_is_the_client(request_from, settings):
    settings.TRUSTED_PROXY_HOPS = 2
    request = request_from("10.0.0.3", "1.1.1.1,203.0.113.5 , 10.0.0.2")
    assert client_address(request) == "203.0.113.5"


def test_a_request_that_skipped_a_proxy_keys_on_its_peer(request_from, settings):
    settings.TRUSTED_PROXY_HOPS = 2
    assert client_address(request_from("10.0.0.3", "203.0.113.5")) == "10.0.0.3"
    assert client_address(request_from("10.0.0.3")) == "10.0.0.3"


def test_garbage_in_the_trusted_entry_falls_back_to_the_peer(request_from, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_address(request_from("10.0.0.2", "unknown")) == "10.0.0.2"
    assert client_address(request_from("10.0.0.2", "1.1.1.1, ")) == "1.1.1.1"


def test_ipv6_clients_stand_for_their_64(request_from, settings):
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_address(request_from("2001:db8:1:2:3:4:5:6")) == "2001:db8:1:2::"
    assert client_address(request_from("2001:DB8:1:2::FFFF")) == "2001:db8:1:2::"
    assert client_address(request_from("fe80::1%eth0")) == "fe80::"


def test_ipv4_mapped_ipv6_is_the_ipv4_client(request_from, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_address(request_from("10.0.0.2", "::ffff:203.0.113.9")) == "203.0.113.9"
    assert client_address(request_from("::ffff:198.51.100.1")) == "198.51.100.1"


def test_no_address_at_all_is_one_shared_key(request_from, settings):
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_address(request_from("")) == UNKNOWN
