"""Hiring managers create, re-date and revoke candidate feedback links."""

import hashlib
import math
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from interviews.reports import services
from interviews.reports.models import FeedbackLink
from tests.reports.builders import built_interview, completed_interview, make_interview, make_kit

# Not about PDFs (test_report_pdf.py, test_documents.py): the builds store stand-ins.
pytestmark = pytest.mark.usefixtures("pdf_stand_in")

TOKEN_IN_URL = re.compile(r"/feedback/([A-Za-z0-9_-]+)/")


@pytest.fixture
def built(cast):
    return built_interview([cast.ada, cast.grace], [3, 2, 4, 1])


def create(client, interview, **data):
    default = (timezone.localdate() + timedelta(days=14)).isoformat()
    return client.post(
        reverse("reports:link_create", args=[interview.pk]),
        {"expires_on": default} | data,
    )


def test_a_hiring_manager_creates_a_link_and_sees_its_url_once(client, cast, built):
    interview, report = built
    client.force_login(cast.manager)
    response = create(client, interview, share_level="on")
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    token = TOKEN_IN_URL.search(body).group(1)
    link = FeedbackLink.objects.get()
    assert link.report == report
    assert link.share_level is True
    assert link.created_by == cast.manager
    # Only the hash is stored ...
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    # ... and the page never shows the URL again.
    again = client.get(reverse("reports:report", args=[interview.pk])).content.decode()
    assert token not in again
    assert f'id="link-{link.pk}"' in again  # the table lists the link, without its token


def test_the_token_has_at_least_128_random_bits(cast, built):
    _, report = built
    expires = timezone.now() + timedelta(days=1)
    tokens = [
        services.feedback_link_create(
            report=report, created_by=cast.manager, expires_at=expires, share_level=False
        )[1]
        for _ in range(50)
    ]
    assert len(set(tokens)) == 50
    for token in tokens:
        # token_urlsafe(32): 43 base64url characters carry 256 bits.
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
        assert len(token) * 6 >= 256
    # The characters are spread out as random data would be (a weak sanity check on the source).
    counts = Counter("".join(tokens))
    total = sum(counts.values())
    entropy = -sum(n / total * math.log2(n / total) for n in counts.values())
    assert entropy > 5.8  # the maximum for 64 symbols is 6


def test_no_plaintext_token_is_stored_anywhere_in_the_database(client, cast, built):
    interview, _ = built
    client.force_login(cast.manager)
    token = TOKEN_IN_URL.search(create(client, interview).content.decode()).group(1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(l)::text FROM interviews_feedbacklink l")
        rows = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT content::text, html, panel_html FROM interviews_report")
        rows += [value for row in cursor.fetchall() for value in row]
    assert rows
    assert not any(token in row for row in rows)


def test_several_links_per_candidate_with_their_own_expiry(client, cast, built):
    interview, _ = built
    client.force_login(cast.manager)
    create(client, interview)
    in_three_days = timezone.localdate() + timedelta(days=3)
    create(client, interview, expires_on=in_three_days.isoformat())
    links = list(FeedbackLink.objects.order_by("id"))
    assert len(links) == 2
    assert timezone.localtime(links[1].expires_at).date() == in_three_days
    assert links[0].token_hash != links[1].token_hash


def test_the_default_expiry_is_fourteen_days(client, cast, built):
    interview, _ = built
    client.force_login(cast.manager)
    page = client.get(reverse("reports:report", args=[interview.pk])).content.decode()
    default = (timezone.localdate() + timedelta(days=14)).isoformat()
    assert f'value="{default}"' in page


def test_an_expiry_in_the_past_or_too_far_is_refused(client, cast, built):
    interview, _ = built
    client.force_login(cast.manager)
    yesterday = timezone.localdate() - timedelta(days=1)
    assert create(client, interview, expires_on=yesterday.isoformat()).status_code == 422
    far = timezone.localdate() + timedelta(days=365)
    assert create(client, interview, expires_on=far.isoformat()).status_code == 422
    assert not FeedbackLink.objects.exists()


def test_with_htmx_a_refused_form_comes_back_as_a_fragment_to_swap(client, cast, built):
    interview, _ = built
    client.force_login(cast.manager)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        reverse("reports:link_create", args=[interview.pk]),
        {"expires_on": yesterday},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422  # base.html's htmx config swaps 422 fragments
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="feedback-links"')
    assert "Choose today or a later day." in body
    assert not FeedbackLink.objects.exists()


def test_the_expiry_can_be_edited(client, cast, built):
    _, report = built
    link, _ = services.feedback_link_create(
        report=report,
        created_by=cast.manager,
        expires_at=timezone.now() + timedelta(days=14),
        share_level=False,
    )
    client.force_login(cast.manager)
    later = timezone.localdate() + timedelta(days=30)
    response = client.post(
        reverse("reports:link_expiry", args=[link.pk]), {"expires_on": later.isoformat()}
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert timezone.localtime(link.expires_at).date() == later


def test_a_revoked_links_expiry_is_a_409_and_a_bad_date_a_422(client, cast, built):
    _, report = built
    link, _ = services.feedback_link_create(
        report=report,
        created_by=cast.manager,
        expires_at=timezone.now() + timedelta(days=14),
        share_level=False,
    )
    client.force_login(cast.manager)
    url = reverse("reports:link_expiry", args=[link.pk])
    yesterday = timezone.localdate() - timedelta(days=1)
    assert client.post(url, {"expires_on": yesterday.isoformat()}).status_code == 422
    services.feedback_link_revoke(link=link, revoked_by=cast.manager)
    later = timezone.localdate() + timedelta(days=30)
    response = client.post(url, {"expires_on": later.isoformat()}, headers={"HX-Request": "true"})
    assert response.status_code == 409  # the link's state refuses it, not the date
    assert "A revoked link stays revoked" in response.content.decode()
    assert FeedbackLink.objects.get(pk=link.pk).expires_at == link.expires_at


def test_revoking_one_link_leaves_the_others(client, cast, built):
    _, report = built
    expires = timezone.now() + timedelta(days=14)
    first, _ = services.feedback_link_create(
        report=report, created_by=cast.manager, expires_at=expires, share_level=False
    )
    second, _ = services.feedback_link_create(
        report=report, created_by=cast.manager, expires_at=expires, share_level=False
    )
    client.force_login(cast.manager)
    response = client.post(
        reverse("reports:link_revoke", args=[first.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<section id="feedback-links"')
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.revoked_at is not None
    assert first.revoked_by == cast.manager
    assert second.revoked_at is None


def test_no_link_before_the_report_is_ready(client, cast):
    interview = completed_interview([cast.ada], [3])
    client.force_login(cast.manager)
    assert create(client, interview).status_code == 409
    assert not FeedbackLink.objects.exists()


def test_only_link_managers_may_create_or_revoke(client, cast, built):
    interview, report = built
    link, _ = services.feedback_link_create(
        report=report,
        created_by=cast.manager,
        expires_at=timezone.now() + timedelta(days=1),
        share_level=False,
    )
    for user in (cast.ada, cast.grace, cast.curator):
        client.force_login(user)
        assert create(client, interview).status_code == 404
        assert client.post(reverse("reports:link_revoke", args=[link.pk])).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None
    assert FeedbackLink.objects.count() == 1


def test_writes_need_post(client, cast, built):
    interview, _ = built
    client.force_login(cast.manager)
    assert client.get(reverse("reports:link_create", args=[interview.pk])).status_code == 405


def test_a_manager_still_scoring_in_the_loop_is_refused_before_anything_is_revoked(
    client, cast, built
):
    """The blind-scoring check comes first: a 403 leaves the link as it was."""
    interview, report = built
    link, _ = services.feedback_link_create(
        report=report,
        created_by=cast.manager,
        expires_at=timezone.now() + timedelta(days=1),
        share_level=False,
    )
    make_interview(
        kit=make_kit(questions=1, slug="day-two"), panel=[cast.manager], loop=interview.loop
    )
    client.force_login(cast.manager)
    response = client.post(reverse("reports:link_revoke", args=[link.pk]))
    assert response.status_code == 403
    assert "Submit your own scorecard first" in response.content.decode()
    link.refresh_from_db()
    assert (link.revoked_at, link.revoked_by) == (None, None)
