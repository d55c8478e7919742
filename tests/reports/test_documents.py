"""documents: the PDFs a report's build stores for each kind of reader, each rendered once, and
the one rendering a report built before PDFs were stored gets, however many downloads ask for it at
once."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from interviews.reports import documents
from interviews.reports.models import Report, ReportPdf
from tests.reports.builders import built_interview, noted_interview
from tests.reports.pdftext import pdf_text, squashed

NOTE = "Privatenote on the build's PDFs"


def test_the_build_stores_a_pdf_for_every_kind_of_reader(cast):
    _, report = noted_interview(cast.ada, cast.grace, NOTE)
    texts = {
        stored.variant: squashed(pdf_text(bytes(stored.pdf)))
        for stored in ReportPdf.objects.filter(report=report)
    }
    assert set(texts) == {"managers", "panel", "candidate", "candidate_level"}
    assert squashed(NOTE) in texts["panel"]
    assert squashed(NOTE) not in texts["managers"]
    assert squashed("Candidate report: Casey Candidate") in texts["managers"]
    level = squashed(
        f"The panel's assessment on this interview: {report.content['overall']['level_label']}"
    )
    assert level in texts["candidate_level"]
    assert squashed("Your interview feedback") in texts["candidate"]
    assert level not in texts["candidate"]
    for candidate in (texts["candidate"], texts["candidate_level"]):
        assert squashed(NOTE) not in candidate
        assert squashed(cast.ada.get_full_name()) not in candidate


def test_variants_that_come_out_the_same_are_rendered_once(cast, renders):
    _, report = built_interview([cast.ada], [3, 2])
    renders.count = 0
    content = report.content | {"candidate": report.content["candidate"] | {"level": None}}
    rendered = {
        r.variant: r
        for r in documents.render_all(content=content, html=report.html, panel_html=report.html)
    }
    # No level to share, and the panel's body is the managers': two documents, not four.
    assert renders.count == 2
    assert rendered["candidate"].pdf == rendered["candidate_level"].pdf
    assert rendered["managers"].pdf == rendered["panel"].pdf


def test_nothing_of_a_link_is_in_the_candidates_pdf(cast):
    _, report = built_interview([cast.ada], [3, 2])
    html = documents.document_html(
        content=report.content, html="", panel_html="", variant="candidate_level"
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

    monkeypatch.setattr(documents.pdf, "html_to_pdf", slow_render)
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
