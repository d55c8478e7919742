"""Report pages, PDF, rebuild, feedback link management and the scorecard export (the candidate's
own pages are in feedback_views.py). Thin: parse, access helper, one service or selector call,
render."""

import csv
import io
import json

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseStopPolling

from interviews.reports import candidate_views, documents, selectors, services
from interviews.reports.access import (
    VIEW_REPORT,
    ReportReader,
    candidate_for_auditor,
    link_for_manager,
    refuse_while_scoring,
    report_for_reader,
)
from interviews.reports.forms import FeedbackLinkForm, LinkExpiryForm
from interviews.reports.models import FeedbackLink
from interviews.reports.ratelimit import report_pdf_download
from interviews.reports.tasks import report_build_on_commit
from interviews.rooms.selectors import final_code

PAGE = "reports/report.html"


# --- Hiring managers and the panel ---------------------------------------------------------------


@require_GET
def index(request):
    if not request.user.has_perm(VIEW_REPORT):
        raise Http404("No reports here.")
    return render(request, "reports/index.html", {"interviews": selectors.completed_interviews()})


def page_context(reader: ReportReader, **extra) -> dict:
    state = selectors.report_state(reader.interview)
    body = None
    if state.report is not None:
        # Rendered (and escaped) by our own template at build time; the panel's copy quotes notes.
        stored = state.report.panel_html if reader.is_panelist else state.report.html
        body = mark_safe(stored)  # noqa: S308
    context = {
        "reader": reader,
        "interview": reader.interview,
        "state": state,
        "body": body,
        "links": selectors.feedback_links_for(reader.interview) if reader.can_manage_links else [],
        "link_form": FeedbackLinkForm.with_defaults(),
    }
    return context | extra


@require_GET
def report(request, pk: int):
    reader = report_for_reader(request.user, pk)
    context = page_context(reader)
    if not request.htmx:
        response = render(request, PAGE, context)
    elif context["state"].polling:
        # The status line only: the report body (the page is long) is not re-sent every 2 s.
        response = render(request, f"{PAGE}#status", context)
    else:
        context["poll_ended"] = True
        response = HttpResponseStopPolling(render_to_string(f"{PAGE}#poll_end", context, request))
    # The poll and the page share the URL: a cache must not serve one for the other.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def report_pdf(request, pk: int):
    reader = report_for_reader(request.user, pk)
    report = selectors.report_state(reader.interview).report
    if report is None:
        raise Http404("The report is not built yet.")
    decision = report_pdf_download(request.user.pk)
    if not decision.allowed:
        wait = decision.retry_after
        response = HttpResponse(f"Too many PDF downloads: try again in {wait} s.", status=429)
        response["Retry-After"] = str(wait)
        return response
    variant = documents.reader_variant(is_panelist=reader.is_panelist)
    response = HttpResponse(
        documents.report_pdf(report=report, variant=variant), content_type="application/pdf"
    )
    name = slugify(reader.interview.candidate.name) or "candidate"
    response["Content-Disposition"] = f'attachment; filename="report-{name}-{pk}.pdf"'
    return response


@require_POST
def report_rebuild(request, pk: int):
    reader = report_for_reader(request.user, pk, manager=True)
    try:
        rebuild = services.report_rebuild(interview=reader.interview, requested_by=request.user)
    except services.ReportNotReady as refused:
        context = page_context(reader, rebuild_error=str(refused))
        template = f"{PAGE}#status" if request.htmx else PAGE
        return render(request, template, context, status=409)
    report_build_on_commit(rebuild.pk)
    if request.htmx:
        return render(request, f"{PAGE}#status", page_context(reader))
    return redirect("reports:report", pk=pk)


def render_links(request, reader: ReportReader, status: int = 200, **extra) -> HttpResponse:
    context = page_context(reader, **extra)
    template = f"{PAGE}#links" if request.htmx else PAGE
    response = render(request, template, context, status=status)
    # The page may carry a link's token, shown once: never cache it.
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def link_create(request, pk: int):
    reader = report_for_reader(request.user, pk, links=True)
    report = selectors.report_state(reader.interview).report
    if report is None:
        return render_links(request, reader, status=409, link_error="The report is not built yet.")
    form = FeedbackLinkForm(request.POST)
    if not form.is_valid():
        return render_links(request, reader, status=422, link_form=form)
    try:
        link, token = services.feedback_link_create(
            report=report,
            created_by=request.user,
            expires_at=form.expires_at,
            share_level=form.cleaned_data["share_level"],
        )
    except ValidationError as error:
        form.add_error("expires_on", error)
        return render_links(request, reader, status=422, link_form=form)
    url = request.build_absolute_uri(reverse("reports:feedback", kwargs={"token": token}))
    return render_links(request, reader, status=201, new_link=link, new_link_url=url)


@require_POST
def link_revoke(request, pk: int):
    link = link_for_manager(request.user, pk)
    if link.loop_id is not None:  # a loop's link lives on the candidate page
        refuse_while_scoring(request.user, loop_ids=[link.loop_id])
        services.feedback_link_revoke(link=link, revoked_by=request.user)
        return redirect(candidate_page_links(link))
    # First the access check (blind scoring across the loop raises StillScoring), then the write:
    # a refused request must change nothing.
    reader = report_for_reader(request.user, link.report.interview_id, links=True)
    services.feedback_link_revoke(link=link, revoked_by=request.user)
    if request.htmx:
        return render_links(request, reader)
    return redirect("reports:report", pk=reader.interview.pk)


def candidate_page_links(link: FeedbackLink) -> str:
    page = reverse("reports:candidate", args=[link.loop.candidate_id])
    return f"{page}#loop-links-{link.loop_id}"


@require_POST
def link_expiry(request, pk: int):
    link = link_for_manager(request.user, pk)
    if link.loop_id is not None:
        return loop_link_expiry(request, link)
    reader = report_for_reader(request.user, link.report.interview_id, links=True)
    refusal = expiry_refusal(request, link)
    if refusal is not None:
        error, status = refusal
        return render_links(request, reader, status=status, link_error=error)
    if request.htmx:
        return render_links(request, reader)
    return redirect("reports:report", pk=reader.interview.pk)


def expiry_refusal(request, link: FeedbackLink) -> tuple[str, int] | None:
    """Set the link's new expiry; if refused, why and the status: 422 for a date that is not
    allowed, 409 for a link whose state refuses it (revoked)."""
    form = LinkExpiryForm(request.POST)
    if not form.is_valid():
        return "; ".join(m for errors in form.errors.values() for m in errors), 422
    revoked = link.is_revoked
    try:
        services.feedback_link_set_expiry(link=link, expires_at=form.expires_at)
    except ValidationError as refused:
        return "; ".join(refused.messages), 409 if revoked else 422
    return None


def loop_link_expiry(request, link: FeedbackLink) -> HttpResponse:
    """A loop link's new expiry, from the candidate page (a plain form post). Refused: the page
    again with its 4xx and the error beside that link's expiry."""
    refuse_while_scoring(request.user, loop_ids=[link.loop_id])
    refusal = expiry_refusal(request, link)
    if refusal is None:
        return redirect(candidate_page_links(link))
    error, status = refusal
    context = candidate_views.page_context(
        request, link.loop.candidate, expiry_link=link.pk, expiry_error=error
    )
    return render(request, candidate_views.PAGE, context, status=status)


# --- The audit export ----------------------------------------------------------------------------

CSV_COLUMNS = [
    "candidate",
    "candidate_email",
    "interview",
    "kit",
    "scheduled_at",
    "interviewer",
    "submitted_at",
    "recommendation",
    "level",
    "position",
    "question",
    "revision",
    "title",
    "topic",
    "weight",
    "rating",
    "skipped",
    "skip_reason",
    "signals_heard",
    "seconds_spent",
    "amendments",
    "final_code",
]


def export_rows(candidate, reader) -> list[dict]:
    """One dict per scorecard, notes left out: they are private to the panel."""
    exports = selectors.candidate_scorecards(candidate, reader)
    revision_ids = sorted({r.interview_question.revision_id for e in exports for r in e.ratings})
    signals = selectors.signal_texts(revision_ids)
    codes = {pk: final_code(pk) for pk in {export.interview.pk for export in exports}}
    rows = []
    for export in exports:
        card = export.scorecard
        code = codes[export.interview.pk]
        rows.append(
            {
                "interview": export.interview.pk,
                "kit": export.interview.kit.name,
                "scheduled_at": export.interview.scheduled_at.isoformat(),
                "interview_state": export.interview.state,
                "interviewer": selectors.display_name(card.interviewer),
                "interviewer_username": card.interviewer.username,
                "submitted_at": card.submitted_at.isoformat(),
                "recommendation": card.recommendation,
                "level": card.level,
                "summary": card.summary,
                "ratings": [
                    {
                        "position": rating.interview_question.position,
                        "question": rating.interview_question.revision.question.slug,
                        "revision": rating.interview_question.revision.number,
                        "title": rating.interview_question.revision.title,
                        "topic": rating.interview_question.revision.question.topic.name,
                        "weight": rating.interview_question.weight,
                        "level": rating.level,
                        "skipped": rating.skipped,
                        "skip_reason": rating.skip_reason,
                        "signals_heard": [signals.get(sid, f"#{sid}") for sid in rating.signal_ids],
                        "seconds_spent": rating.seconds_spent,
                        "final_code": code.get(rating.interview_question.position, ""),
                    }
                    for rating in export.ratings
                ],
                "amendments": [
                    {
                        "author": selectors.display_name(amendment.author),
                        "at": amendment.created_at.isoformat(),
                        "changes": amendment.changes,
                        "reason": amendment.reason,
                        "after_reading": amendment.after_reading,
                    }
                    for amendment in export.amendments
                ],
            }
        )
    return rows


def spreadsheet_safe(value) -> str:
    """Neutralise cells a spreadsheet would run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_GET
def scorecards_export(request, pk: int, fmt: str):
    candidate = candidate_for_auditor(request.user, pk)
    rows = export_rows(candidate, request.user)
    stem = f"scorecards-{slugify(candidate.name) or 'candidate'}-{candidate.pk}"
    if fmt == "json":
        document = {
            "candidate": {"id": candidate.pk, "name": candidate.name, "email": candidate.email},
            "exported_at": timezone.now().isoformat(),
            "exported_by": request.user.username,
            "notes": "Interviewers' notes are private to the panel and not exported.",
            "scorecards": rows,
        }
        response = HttpResponse(
            json.dumps(document, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            for rating in row["ratings"]:
                values = [
                    candidate.name,
                    candidate.email,
                    row["interview"],
                    row["kit"],
                    row["scheduled_at"],
                    row["interviewer"],
                    row["submitted_at"],
                    row["recommendation"],
                    row["level"],
                    rating["position"],
                    rating["question"],
                    rating["revision"],
                    rating["title"],
                    rating["topic"],
                    rating["weight"],
                    rating["level"],
                    "yes" if rating["skipped"] else "no",
                    rating["skip_reason"],
                    " | ".join(rating["signals_heard"]),
                    rating["seconds_spent"],
                    len(row["amendments"]),
                    rating["final_code"],
                ]
                writer.writerow([spreadsheet_safe(value) for value in values])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
