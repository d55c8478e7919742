"""The report's PDF: the page's own template, rendered by WeasyPrint for the same readers."""

from django.urls import reverse

from interviews.reports import services
from tests import factories
from tests.reports.builders import (
    AMEND_AFTER_READING,
    amended_interview,
    completed_interview,
    enqueue_disabled,
    make_interview,
    make_kit,
    open_request,
    rate_and_submit,
)
from tests.reports.pdftext import pdf_text, squashed

NOTE = "Quietnoteplanted about the scheduler"


def built(cast):
    interview = make_interview(kit=make_kit(questions=3), panel=[cast.ada, cast.grace])
    with enqueue_disabled():
        rate_and_submit(interview, {cast.ada: ([3, 2, 4], {2: NOTE}), cast.grace: [3, 3, 4]})
    services.report_build(request_id=open_request(interview).pk)
    return interview


def download(client, user, interview):
    client.force_login(user)
    return client.get(reverse("reports:report_pdf", args=[interview.pk]))


def test_a_hiring_manager_downloads_the_report_as_pdf(client, cast):
    interview = built(cast)
    response = download(client, cast.manager, interview)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = squashed(pdf_text(response.content))
    for phrase in (
        "Candidate report: Casey Candidate",
        "Score per topic",
        "Overall score =",
        "3.17",
    ):
        assert squashed(phrase) in text, phrase
    assert squashed(NOTE) not in text
    # The screen-only parts are not printed.
    assert squashed("Rebuild report") not in text
    assert squashed("Candidate feedback links") not in text


def test_the_panels_pdf_quotes_the_notes(client, cast):
    interview = built(cast)
    text = squashed(pdf_text(download(client, cast.grace, interview).content))
    assert squashed(NOTE) in text


def test_the_pdf_has_the_same_doors_as_the_page(client, cast):
    interview = built(cast)
    assert download(client, factories.interviewer("eve", "Eve"), interview).status_code == 404
    client.logout()
    response = client.get(reverse("reports:report_pdf", args=[interview.pk]))
    assert response.status_code == 302


def test_there_is_no_pdf_before_the_report_is_built(client, cast):
    interview = completed_interview([cast.ada], [3])
    assert download(client, cast.manager, interview).status_code == 404


def test_the_pdf_shows_the_amendments(client, cast):
    interview, _ = amended_interview(cast.ada, cast.grace)
    for reader in (cast.manager, cast.grace):
        text = squashed(pdf_text(download(client, reader, interview).content))
        for phrase in (
            "Amendments",
            cast.ada.get_full_name(),
            "3 · Senior answer → 1 · No signal",
            AMEND_AFTER_READING,
            "after reading",
            "Recommendation: Yes → Strong yes",
        ):
            assert squashed(phrase) in text, phrase
