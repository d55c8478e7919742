"""The feedback links' limits: guessing spends the client's budget, reading spends the link's, so
no guesser, behind the balancer or not, can keep a valid link's holder out; 429s say when to
come back; a valid link is served when Redis is away."""

import logging
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews.reports import services
from tests.reports.builders import built_interview
from tests.reports.infra import free_port

# Not about PDFs (test_report_pdf.py, test_documents.py): the builds store stand-ins.
pytestmark = pytest.mark.usefixtures("pdf_stand_in")

UNKNOWN = "A" * 43
BALANCER = "10.0.0.2"


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


def get(client, token, ip="203.0.113.7", pdf=False, **headers):
    name = "reports:feedback_pdf" if pdf else "reports:feedback"
    return client.get(reverse(name, args=[token]), REMOTE_ADDR=ip, **headers)


def via_balancer(client, token, client_ip, pdf=False):
    """A request through one load balancer: it appends the address it saw to X-Forwarded-For."""
    return get(client, token, ip=BALANCER, pdf=pdf, HTTP_X_FORWARDED_FOR=client_ip)


def test_behind_the_balancer_guessers_never_lock_the_candidate_out(client, settings, token):
    settings.TRUSTED_PROXY_HOPS = 1
    settings.LINK_GUESS_BUDGET = 5
    # Many guessers, each behind the balancer with its own address, each past its budget.
    for guesser in range(10):
        address = f"198.51.100.{guesser}"
        statuses = [via_balancer(client, UNKNOWN, address).status_code for _ in range(7)]
        assert statuses == [404] * 5 + [429] * 2
    # The candidate, through the same balancer, still reads their link.
    assert via_balancer(client, token, "192.0.2.44").status_code == 200
    # And a guesser's budget is its own: a new client through the balancer is not refused.
    assert via_balancer(client, UNKNOWN, "192.0.2.45").status_code == 404


def test_a_guesser_past_its_budget_still_reads_its_own_valid_link(client, settings, token):
    settings.LINK_GUESS_BUDGET = 2
    assert [get(client, UNKNOWN).status_code for _ in range(3)] == [404, 404, 429]
    assert get(client, token).status_code == 200
    assert get(client, UNKNOWN).status_code == 429


def test_a_refused_guess_says_when_to_come_back_and_why(client, settings, token):
    settings.LINK_GUESS_BUDGET = 1
    settings.LINK_GUESS_REFILL_SECONDS = 30
    get(client, UNKNOWN)
    refused = get(client, UNKNOWN)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 30
    body = refused.content.decode()
    assert "Too many requests" in body
    assert "links that do not exist" in body
    assert f"try again in {refused['Retry-After']} second" in body
    assert refused["Referrer-Policy"] == "no-referrer"
    assert refused["Cache-Control"] == "no-store, private"


def test_malformed_and_revoked_tokens_spend_the_guessing_budget(client, settings, cast, token):
    from interviews.reports.models import FeedbackLink

    settings.LINK_GUESS_BUDGET = 2
    services.feedback_link_revoke(link=FeedbackLink.objects.get(), revoked_by=cast.manager)
    assert get(client, "short").status_code == 404
    assert get(client, token).status_code == 404
    assert get(client, token).status_code == 429


def test_a_valid_link_is_limited_per_link_whoever_reads_it(client, settings, token):
    settings.FEEDBACK_LINK_READS_PER_MINUTE = 5
    statuses = [get(client, token, ip=f"192.0.2.{n}").status_code for n in range(6)]
    assert statuses == [200] * 5 + [429]
    refused = get(client, token, ip="192.0.2.99")
    assert 1 <= int(refused["Retry-After"]) <= 12
    assert "opened very many times" in refused.content.decode()


def test_the_page_and_its_stored_pdf_spend_the_same_reads(client, settings, token):
    settings.FEEDBACK_LINK_READS_PER_MINUTE = 5
    statuses = [get(client, token, pdf=n % 2 == 0).status_code for n in range(6)]
    assert statuses == [200, 200, 200, 200, 200, 429]


def test_ipv6_clients_in_one_64_share_a_guessing_budget(client, settings, token):
    settings.LINK_GUESS_BUDGET = 2
    assert get(client, UNKNOWN, ip="2001:db8:1:2::1").status_code == 404
    assert get(client, UNKNOWN, ip="2001:db8:1:2:ffff:ffff:ffff:ffff").status_code == 404
    assert get(client, UNKNOWN, ip="2001:db8:1:2:abcd::9").status_code == 429
    assert get(client, UNKNOWN, ip="2001:db8:1:3::1").status_code == 404  # the next /64


def test_spoofed_forwarded_addresses_are_ignored_without_trusted_hops(client, settings, token):
    settings.TRUSTED_PROXY_HOPS = 0
    settings.LINK_GUESS_BUDGET = 2
    statuses = [
        get(client, UNKNOWN, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)
    ]
    assert statuses == [404, 404, 429]


def test_with_one_hop_only_the_balancers_entry_counts(client, settings, token):
    settings.TRUSTED_PROXY_HOPS = 1
    settings.LINK_GUESS_BUDGET = 2
    # The client writes its own X-Forwarded-For; the balancer appends the address it really saw.
    statuses = [
        via_balancer(client, UNKNOWN, f"198.51.100.{n}, 203.0.113.50").status_code for n in range(3)
    ]
    assert statuses == [404, 404, 429]


def test_a_token_in_the_query_string_opens_nothing(client, settings, token):
    settings.LINK_GUESS_BUDGET = 1
    path = reverse("reports:feedback", args=[UNKNOWN]) + f"?token={token}"
    assert client.get(path, REMOTE_ADDR="203.0.113.7").status_code == 404


def test_with_redis_unreachable_valid_links_are_served_and_it_is_logged(
    client, settings, token, caplog
):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    settings.FEEDBACK_LINK_READS_PER_MINUTE = 5
    with caplog.at_level(logging.WARNING):
        assert [get(client, token).status_code for _ in range(7)] == [200] * 7
        assert get(client, UNKNOWN).status_code == 404
    assert "rate limiter unavailable" in caplog.text
    assert "without rate limiting" in caplog.text
