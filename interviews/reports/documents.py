"""A built report's PDFs: rendered once, when the report is built, stored with it in PostgreSQL
(ReportPdf), and served as stored. A PDF costs about two CPU-seconds to render; a download costs a
read of its bytes.

A report is immutable, and so is what each reader's PDF shows, so there is one PDF per kind of
reader (ReportPdf.Variant):
- managers: the report body rendered without the panel's notes (Report.html), read by hiring
  managers who did not sit on the panel;
- panel: with the notes quoted (Report.panel_html), read by panelists who have submitted;
(The candidate's feedback PDFs are feedback.py's: they show what a candidate may read, not the
report.)

A report built before PDFs were stored gets each PDF rendered on its first download, under a lock
on the report row so that concurrent first downloads wait for one rendering, then stored.
"""

import time
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from interviews.reports.models import Report, ReportPdf

Variant = ReportPdf.Variant
REPORT_DOCUMENT = "reports/report_pdf.html"


@dataclass(frozen=True)
class Rendered:
    variant: str
    pdf: bytes
    render_ms: int


def reader_variant(*, is_panelist: bool) -> str:
    """A panelist who has submitted reads the panel's copy, whatever other role they have."""
    return Variant.PANEL if is_panelist else Variant.MANAGERS


def document_html(*, content: dict, html: str, panel_html: str, variant: str) -> str:
    """The HTML a variant's PDF is rendered from: nothing but the report's stored snapshot."""
    body = panel_html if variant == Variant.PANEL else html
    return render_to_string(
        REPORT_DOCUMENT,
        {
            "content": content,
            "scheduled_at": datetime.fromisoformat(content["interview"]["scheduled_at"]),
            # Rendered (and escaped) by our own template when the report was built.
            "body": mark_safe(body),  # noqa: S308
        },
    )


def render(html: str, variant: str) -> Rendered:
    started = time.perf_counter()
    # Imported here: WeasyPrint takes ~1.5 s to load, and only a report build renders.
    from interviews.reports import pdf

    document = pdf.html_to_pdf(html)
    return Rendered(variant, document, round((time.perf_counter() - started) * 1000))


def render_all(*, content: dict, html: str, panel_html: str) -> list[Rendered]:
    """Every variant's PDF, for the build."""
    return [
        render(
            document_html(content=content, html=html, panel_html=panel_html, variant=variant),
            variant,
        )
        for variant in Variant.values
    ]


def store(report: Report, rendered: list[Rendered]) -> None:
    """Inside the caller's transaction: the report and its PDFs are written together."""
    ReportPdf.objects.bulk_create(
        ReportPdf(report=report, variant=r.variant, pdf=r.pdf, render_ms=r.render_ms)
        for r in rendered
    )


def stored_pdf(report_id: int, variant: str) -> bytes | None:
    found = (
        ReportPdf.objects.filter(report_id=report_id, variant=variant)
        .values_list("pdf", flat=True)
        .first()
    )
    return None if found is None else bytes(found)


def report_pdf(*, report: Report, variant: str) -> bytes:
    """The stored PDF; for a report built before PDFs were stored, rendered once and stored."""
    found = stored_pdf(report.pk, variant)
    if found is not None:
        return found
    with transaction.atomic():
        # FOR NO KEY UPDATE: concurrent first downloads queue here, while a feedback link can still
        # be created on the report (its foreign key takes a KEY SHARE lock).
        Report.objects.select_for_update(no_key=True).filter(pk=report.pk).first()
        found = stored_pdf(report.pk, variant)
        if found is not None:
            return found
        source = document_html(
            content=report.content, html=report.html, panel_html=report.panel_html, variant=variant
        )
        rendered = render(source, variant)
        store(report, [rendered])
    return rendered.pdf
