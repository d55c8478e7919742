"""The report's PDF: rendered once, in the build, for each kind of reader, and served as stored
with the same doors as the page, rate-limited per user."""

from django.urls import reverse

from interviews.reports import feedback, services
from interviews.reports.models import FeedbackPdf, Report, ReportPdf
from tests import factories
from tests.reports.builders import (
    AMEND_AFTER_READING,
    amended_interview,
    completed_interview,
    noted_interview,
)
from tests.reports.infra import free_port
from tests.reports.pdftext import pdf_text, squashed

NOTE = "Quietnoteplanted about the scheduler"


def built(cast):
    return noted_interview(cast.ada, cast.grace, NOTE)[0]


def download(client, user, interview):
    client.force_login(user)
    return client.get(reverse("reports:report_pdf", args=[interview.pk]))


def test_a_hiring_manager_downloads_the_report_as_pdf(client, cast):
    interview = built(cast)
    response = download(client, cast.manager, interview)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = f'attachment; filename="report-casey-candidate-{interview.pk}.pdf"'
    assert response["Content-Disposition"] == disposition
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


def stored(interview, variant: str) -> bytes:
    return bytes(ReportPdf.objects.get(report__interview=interview, variant=variant).pdf)


def stored_feedback(interview, *, share_level: bool) -> bytes:
    report = Report.objects.get(interview=interview)
    digest = feedback.pdf_digest(
        [feedback.Shown(report.content, report.inputs_hash)], share_level=share_level
    )
    return bytes(FeedbackPdf.objects.get(digest=digest).pdf)


def feedback_pdf(client, cast, interview, *, share_level: bool):
    _, token = services.feedback_link_create(
        report=Report.objects.get(interview=interview),
        created_by=cast.manager,
        expires_at=services.default_link_expiry(),
        share_level=share_level,
    )
    client.logout()
    return client.get(reverse("reports:feedback_pdf", args=[token]))


def test_the_pdf_is_served_as_built_without_a_second_render(client, cast, renders):
    interview = built(cast)
    assert renders.count == 4  # the managers', the panel's, the candidate's with and without level
    served = [download(client, cast.manager, interview).content for _ in range(2)]
    served.append(download(client, cast.grace, interview).content)
    served.append(feedback_pdf(client, cast, interview, share_level=True).content)
    served.append(feedback_pdf(client, cast, interview, share_level=False).content)
    assert renders.count == 4
    assert served == [
        stored(interview, "managers"),
        stored(interview, "managers"),
        stored(interview, "panel"),
        stored_feedback(interview, share_level=True),
        stored_feedback(interview, share_level=False),
    ]


def test_a_report_built_before_pdfs_were_stored_renders_each_once(client, cast, renders):
    interview = built(cast)
    ReportPdf.objects.all().delete()
    FeedbackPdf.objects.all().delete()
    renders.count = 0
    first, second = (download(client, cast.manager, interview) for _ in range(2))
    assert (first.status_code, renders.count) == (200, 1)
    assert first.content == second.content == stored(interview, "managers")
    assert squashed(NOTE) not in squashed(pdf_text(first.content))
    assert squashed(NOTE) in squashed(pdf_text(download(client, cast.grace, interview).content))
    for _ in range(2):
        assert feedback_pdf(client, cast, interview, share_level=False).status_code == 200
    assert renders.count == 3
    assert (ReportPdf.objects.count(), FeedbackPdf.objects.count()) == (2, 1)


def test_downloads_are_rate_limited_per_user(client, cast, settings):
    settings.REPORT_PDF_RATE_LIMIT = (2, 1)  # two, then one a minute
    interview = built(cast)
    assert [download(client, cast.manager, interview).status_code for _ in range(2)] == [200, 200]
    limited = download(client, cast.manager, interview)
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert "Too many PDF downloads" in limited.content.decode()
    # Another reader has a bucket of their own.
    assert download(client, cast.grace, interview).status_code == 200


def test_with_redis_unreachable_downloads_go_ahead(client, cast, settings):
    interview = built(cast)
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    settings.REPORT_PDF_RATE_LIMIT = (1, 1)
    assert [download(client, cast.manager, interview).status_code for _ in range(2)] == [200, 200]
