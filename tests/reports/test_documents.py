"""documents: the PDFs a report's build stores for each kind of reader, each rendered once, and
the one rendering a report built before PDFs were stored gets, however many downloads ask for it at
once."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from interviews.reports import documents, feedback, pdf
from interviews.reports.models import FeedbackPdf, Report, ReportPdf
from tests.reports.builders import built_interview, noted_interview
from tests.reports.pdftext import pdf_text, squashed

NOTE = "Privatenote on the build's PDFs"


def test_the_build_stores_a_pdf_for_every_kind_of_reader(cast):
    _, report = noted_interview(cast.ada, cast.grace, NOTE)
    texts = {
        stored.variant: squashed(pdf_text(bytes(stored.pdf)))
        for stored in ReportPdf.objects.filter(report=report)
    }
    assert set(texts) == {"managers", "panel"}
    assert squashed(NOTE) in texts["panel"]
    assert squashed(NOTE) not in texts["managers"]
    assert squashed("Candidate report: Casey Candidate") in texts["managers"]


def test_the_build_stores_the_candidates_pdfs_with_and_without_the_level(cast):
    _, report = noted_interview(cast.ada, cast.grace, NOTE)
    shown = [feedback.Shown(report.content, report.inputs_hash)]
    texts = {
        share: squashed(
            pdf_text(
                bytes(
                    FeedbackPdf.objects.get(
                        digest=feedback.pdf_digest(shown, share_level=share)
                    ).pdf
                )
            )
        )
        for share in (False, True)
    }
    level = squashed(f"The panel's assessment: {report.content['overall']['level_label']}")
    assert level in texts[True]
    assert squashed("Your interview feedback") in texts[False]
    assert level not in texts[False]
    for candidate in texts.values():
        assert squashed(NOTE) not in candidate
        assert squashed(cast.ada.get_full_name()) not in candidate


def test_nothing_of_a_link_is_in_the_candidates_pdf(cast):
    _, report = built_interview([cast.ada], [3, 2])
    html = feedback.feedback_html(
        feedback.feedback_of([report.content]), share_level=True, pdf=True
    )
    assert "expires on" not in html
    assert "/feedback/" not in html
    assert "This feedback is private to you." in html


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_downloads_of_an_old_report_render_it_once(cast, monkeypatch):
    _, report = built_interview([cast.ada], [3, 2])
    ReportPdf.objects.all().delete()
    calls = []

    def slow_render(html: str) -> bytes:
        calls.append(html)
        time.sleep(0.5)  # long enough for every other download to arrive meanwhile
        return b"%PDF-1.7 stand-in"

    monkeypatch.setattr(pdf, "html_to_pdf", slow_render)
    barrier = threading.Barrier(4)

    def download(_) -> bytes:
        try:
            barrier.wait(timeout=10)
            return documents.report_pdf(report=Report.objects.get(pk=report.pk), variant="managers")
        finally:
            connection.close()

    with ThreadPoolExecutor(4) as pool:
        served = list(pool.map(download, range(4)))
    assert len(calls) == 1
    assert served == [b"%PDF-1.7 stand-in"] * 4
    assert ReportPdf.objects.get().variant == "managers"
