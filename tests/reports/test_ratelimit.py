"""Token buckets in Redis on the feedback pages: 429 with Retry-After, stricter for unknown tokens,
atomic under concurrency, and failing open for valid links when Redis is away."""

import logging
import threading
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews.reports import ratelimit, services
from tests.reports.builders import built_interview
from tests.reports.infra import free_port

# Not about PDFs (test_report_pdf.py, test_documents.py): the builds store stand-ins.
pytestmark = pytest.mark.usefixtures("pdf_stand_in")

UNKNOWN = "A" * 43


@pytest.fixture
def token(cast):
    _, report = built_interview([cast.ada], [3, 2])
    _, token = services.feedback_link_create(
        report=report,
        created_by=cast.manager,
        expires_at=timezone.now() + timedelta(days=1),
        share_level=False,
    )
    return token


def get(client, token, ip="203.0.113.7", pdf=False):
    name = "reports:feedback_pdf" if pdf else "reports:feedback"
    return client.get(reverse(name, args=[token]), REMOTE_ADDR=ip)


def test_over_the_limit_a_client_gets_429_with_retry_after(client, settings, token):
    settings.FEEDBACK_LINK_RATE_LIMIT = (3, 1 / 60)  # 3, then one a minute
    assert [get(client, token).status_code for _ in range(3)] == [200, 200, 200]
    limited = get(client, token)
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited["Referrer-Policy"] == "no-referrer"
    assert "Too many requests" in limited.content.decode()
    # The PDF shares the bucket; another address has its own.
    assert get(client, token, pdf=True).status_code == 429
    assert get(client, token, ip="198.51.100.9").status_code == 200


def test_unknown_tokens_are_limited_much_sooner(client, settings, token):
    settings.FEEDBACK_LINK_RATE_LIMIT = (100, 10)
    settings.FEEDBACK_MISS_RATE_LIMIT = (2, 1 / 120)
    assert get(client, UNKNOWN).status_code == 404
    assert get(client, UNKNOWN).status_code == 404
    guessing = get(client, UNKNOWN)
    assert guessing.status_code == 429
    assert 60 < int(guessing["Retry-After"]) <= 120
    # While the misses are exhausted, this address cannot tell a valid token from a wrong one.
    assert get(client, token).status_code == 429
    # Other addresses, and the candidate, are unaffected.
    assert get(client, token, ip="198.51.100.9").status_code == 200


def test_a_revoked_token_counts_as_a_miss(client, settings, cast, token):
    from interviews.reports.models import FeedbackLink

    settings.FEEDBACK_MISS_RATE_LIMIT = (1, 1 / 120)
    link = FeedbackLink.objects.get()
    services.feedback_link_revoke(link=link, revoked_by=cast.manager)
    assert get(client, token).status_code == 404
    assert get(client, token).status_code == 429


def test_the_bucket_is_atomic_across_concurrent_requests(settings, db):
    settings.FEEDBACK_LINK_RATE_LIMIT = (10, 0.001)
    results = []
    barrier = threading.Barrier(20)

    def hit():
        barrier.wait(timeout=10)
        results.append(ratelimit.take("link", "192.0.2.50").allowed)

    threads = [threading.Thread(target=hit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert results.count(True) == 10
    assert results.count(False) == 10


def test_the_bucket_refills(settings, db):
    settings.FEEDBACK_LINK_RATE_LIMIT = (1, 50)  # one token every 20 ms
    assert ratelimit.take("link", "192.0.2.60").allowed
    assert not ratelimit.take("link", "192.0.2.60").allowed
    time.sleep(0.1)
    assert ratelimit.take("link", "192.0.2.60").allowed


def test_with_redis_unreachable_valid_links_are_served_and_it_is_logged(
    client, settings, token, caplog
):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    settings.FEEDBACK_LINK_RATE_LIMIT = (1, 1 / 60)
    with caplog.at_level(logging.WARNING):
        assert [get(client, token).status_code for _ in range(3)] == [200, 200, 200]
        assert get(client, UNKNOWN).status_code == 404
    assert "rate limiter unavailable" in caplog.text
    assert "without rate limiting" in caplog.text


def test_the_client_address_comes_from_trusted_proxies_only(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5")
    settings.TRUSTED_PROXY_HOPS = 0
    assert ratelimit.client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_HOPS = 1
    assert ratelimit.client_ip(request) == "203.0.113.5"


def test_without_redis_the_buckets_live_in_memory(settings, db):
    settings.REDIS_URL = ""
    settings.FEEDBACK_LINK_RATE_LIMIT = (2, 0.001)
    ip = "192.0.2.99"
    assert [ratelimit.take("link", ip).allowed for _ in range(3)] == [True, True, False]
