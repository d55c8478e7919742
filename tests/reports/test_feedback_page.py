"""The candidate's feedback page and its PDF: public behind the token, and nothing private on it."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews.reports import services
from interviews.reports.models import FeedbackLink
from tests import factories
from tests.reports.builders import (
    AMEND_AFTER_READING,
    AMEND_ALONE,
    amended_interview,
    enqueue_disabled,
    make_interview,
    make_kit,
    open_request,
)
from tests.reports.builders import rate_and_submit as panel_submits
from tests.reports.pdftext import pdf_text, squashed

PRIVATE_NOTE = "Whisperednote about the candidate's nerves"
# A name that could not appear on the page by accident.
INTERVIEWER_FIRST, INTERVIEWER_LAST = "Zebulon", "Quartermaine"


@pytest.fixture
def report(cast):
    """Zebulon Quartermaine and Ada interviewed; Zebulon left a private note; report built."""
    zebulon = factories.interviewer("zq", INTERVIEWER_FIRST, last_name=INTERVIEWER_LAST)
    interview = make_interview(kit=make_kit(questions=4), panel=[zebulon, cast.ada])
    with enqueue_disabled():
        panel_submits(
            interview,
            {zebulon: ([4, 1, 3, 2], {1: PRIVATE_NOTE, 2: PRIVATE_NOTE}), cast.ada: [4, 2, 4, 1]},
            recommendation="strong_yes",
        )
    return services.report_build(request_id=open_request(interview).pk)


def new_link(report, user, *, share_level=False, expires_in=timedelta(days=14)):
    return services.feedback_link_create(
        report=report,
        created_by=user,
        expires_at=timezone.now() + expires_in,
        share_level=share_level,
    )


def url(token, pdf=False):
    return reverse("reports:feedback_pdf" if pdf else "reports:feedback", args=[token])


def test_the_candidate_reads_their_feedback_without_logging_in(client, cast, report):
    link, token = new_link(report, cast.manager)
    response = client.get(url(token))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Your interview feedback" in body
    assert "Scheduler" in body and "Memory and GC" in body
    assert "a strength" in body  # scheduler: (4 + 3.5) / 2
    assert "an area to grow" in body  # memory: (1.5 + 1.5) / 2
    # The bank's answer key stays with the panel: no anchor, no signal heard or missed.
    assert "Senior answer on 2: explains the runtime mechanism." not in body
    assert "Signal L4 of question 1" not in body
    link.refresh_from_db()
    assert link.view_count == 1
    assert link.last_viewed_at is not None


def test_the_level_band_is_shown_only_when_the_link_shares_it(client, cast, report):
    _, hidden = new_link(report, cast.manager, share_level=False)
    _, shown = new_link(report, cast.manager, share_level=True)
    assert "The panel's assessment" not in client.get(url(hidden)).content.decode()
    body = client.get(url(shown)).content.decode()
    assert f"The panel's assessment: <strong>{report.content['overall']['level_label']}" in body


def test_nothing_private_reaches_the_page_or_its_pdf(client, cast, report):
    assert report.content["overall"]["score"] == "2.63"
    assert [t["score"] for t in report.content["topics"]] == ["3.75", "1.50"]
    _, token = new_link(report, cast.manager, share_level=True)
    html = client.get(url(token)).content.decode()
    pdf = client.get(url(token, pdf=True))
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    # The extraction works: what is on the page is found in the PDF.
    assert squashed("Your interview feedback") in squashed(text)
    assert squashed("Memory and GC") in squashed(text)
    for document in (html, text, squashed(text)):
        for secret in (PRIVATE_NOTE, "Whisperednote", INTERVIEWER_FIRST, INTERVIEWER_LAST):
            assert secret not in document, secret
        for private in ("Ada", "Strong yes", "Summary by", "Signal L1 of question 2"):
            assert private not in document, private  # names, verdicts, per-rating evidence
        for score in ("2.63", "3.75", "1.50"):  # overall and topic scores stay internal
            assert score not in document


def test_the_pages_do_not_leak_the_token_or_get_indexed(client, cast, report):
    _, token = new_link(report, cast.manager)
    for path in (url(token), url(token, pdf=True)):
        response = client.get(path)
        assert response["Referrer-Policy"] == "no-referrer"
        assert "noindex" in response["X-Robots-Tag"]
        assert "no-store" in response["Cache-Control"]
        assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_page_loads_nothing_from_elsewhere(client, cast, report):
    _, token = new_link(report, cast.manager)
    body = client.get(url(token)).content.decode()
    for reference in re.findall(r'(?:src|href)="([^"]+)"', body):
        assert reference.startswith("/"), reference
    assert "<script" not in body
    assert " style=" not in body


def test_an_expired_link_says_so_with_410(client, cast, report):
    link, token = new_link(report, cast.manager)
    FeedbackLink.objects.filter(pk=link.pk).update(
        created_at=timezone.now() - timedelta(days=20), expires_at=timezone.now() - timedelta(1)
    )
    for path in (url(token), url(token, pdf=True)):
        response = client.get(path)
        assert response.status_code == 410
        assert "This feedback link has expired" in response.content.decode()
        assert response["Referrer-Policy"] == "no-referrer"


def test_a_revoked_link_is_gone_on_the_next_request(client, cast, report):
    link, token = new_link(report, cast.manager)
    assert client.get(url(token)).status_code == 200
    client.force_login(cast.manager)
    client.post(reverse("reports:link_revoke", args=[link.pk]))
    client.logout()
    response = client.get(url(token))
    assert response.status_code == 404
    assert "Link not found" in response.content.decode()
    assert client.get(url(token, pdf=True)).status_code == 404


@pytest.mark.parametrize("token", ["A" * 43, "short", "x" * 200, "bad$chars" * 5])
def test_unknown_tokens_get_404(client, db, token):
    response = client.get(url(token))
    assert response.status_code == 404
    assert response["X-Robots-Tag"].startswith("noindex")


def test_a_logged_in_colleague_sees_the_same_candidate_page(client, cast, report):
    _, token = new_link(report, cast.manager)
    client.force_login(cast.ada)
    body = client.get(url(token)).content.decode()
    assert "Your interview feedback" in body
    assert "Ada" not in body
    assert "Log out" not in body


def test_the_page_is_only_read(client, cast, report):
    _, token = new_link(report, cast.manager)
    assert client.post(url(token)).status_code == 405


def test_the_candidate_sees_no_amendment_nor_who_made_it(client, cast):
    _, report = amended_interview(cast.ada, cast.grace)
    _, token = new_link(report, cast.manager, share_level=True)
    html = client.get(url(token)).content.decode()
    text = pdf_text(client.get(url(token, pdf=True)).content)
    assert squashed("Your interview feedback") in squashed(text)
    for document in (html, text, squashed(text)):
        for private in (AMEND_ALONE, AMEND_AFTER_READING, "mend", "after reading", "Ada"):
            assert private not in document, private
        for name in (cast.ada.last_name, cast.grace.first_name, cast.grace.last_name):
            assert name not in document, name
