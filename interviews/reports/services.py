"""Writes for reports: the request (an outbox row), build, rebuild, the sweep, feedback links.

How a report gets built, and why none is lost:

1. When the last panelist submits, interviews sends `interview_completed` inside its transaction;
   receivers.py writes a ReportRequest there, and registers its hand-off to the broker
   (tasks.report_build_on_commit) for after the commit. An amendment or a rebuild does the same.
2. The hand-off may fail (Redis down): the error is logged and the request stays pending; the
   submit that triggered it is already committed and unaffected.
3. `report_requests_requeue`, run by Celery beat every minute, finds requests still pending after
   REPORT_REQUEUE_SECONDS, and requests stuck "building" longer than REPORT_BUILD_STALE_SECONDS
   (their worker died), and the task hands them to the broker again.
4. `report_build` is idempotent: the report is keyed by (interview, hash of its inputs), so a second
   run, a redelivery after a crash or two workers at once all end on one Report row.
5. The build renders the report's PDFs too (documents.py) and stores them in the transaction that
   writes the report: a ready report always has its PDFs, and no download renders one.

Nothing here talks to Celery: tasks.py imports this module, never the other way round.
"""

import logging
import secrets
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from interviews.models import Interview, Loop
from interviews.reports import documents, feedback
from interviews.reports.content import build_content
from interviews.reports.models import FeedbackLink, Report, ReportRequest
from interviews.reports.selectors import amendment_count, report_inputs
from interviews.reports.signals import feedback_link_viewed, report_ready
from interviews.reports.tokens import token_digest

logger = logging.getLogger(__name__)

# Errors worth retrying: the database or the network blinked. Anything else is a bug or bad data
# and is recorded on the request as a failure instead.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
ERROR_MAX_CHARS = 2000


class ReportNotReady(Exception):
    """The interview has no report to act on yet (not completed, or never built)."""


class StaleInputs(Exception):
    """The interview's inputs changed during each build of a request."""


# Builds of one request in a row when its inputs change under it, before leaving it to the sweep.
STALE_REBUILDS = 2


# --- Requests ------------------------------------------------------------------------------------


def report_request_create(
    *, interview_id: int, reason: str = ReportRequest.Reason.COMPLETED, requested_by=None
) -> ReportRequest:
    """Write the outbox row, or join a request that is already open. The caller hands it to the
    broker on commit (tasks.report_build_on_commit); if that never happens, the sweep does.

    Runs inside the caller's transaction (the completing submit holds the interview lock); on its
    own it opens one.
    """
    with transaction.atomic():
        Interview.objects.select_for_update().filter(pk=interview_id).first()
        request = ReportRequest.objects.filter(
            interview_id=interview_id, status__in=ReportRequest.OPEN
        ).first()
        if request is None:
            request = ReportRequest.objects.create(
                interview_id=interview_id, reason=reason, requested_by=requested_by
            )
    return request


def report_rebuild(*, interview: Interview, requested_by) -> ReportRequest:
    """A hiring manager asks for the report again; idempotent if nothing changed since."""
    if interview.state != Interview.State.COMPLETED:
        raise ReportNotReady("Reports are built once every panelist has submitted.")
    return report_request_create(
        interview_id=interview.pk, reason=ReportRequest.Reason.REBUILD, requested_by=requested_by
    )


def report_requests_requeue(
    *,
    older_than: timedelta | None = None,
    stale_after: timedelta | None = None,
    now: datetime | None = None,
    limit: int = 500,
) -> list[int]:
    """Mark pending requests not picked up in time, and builds whose worker died, as due again.

    Returns their ids, for the caller to hand to the broker once this has committed. Safe to run
    concurrently (rows are claimed with SKIP LOCKED) and harmless if a request was merely slow:
    building twice gives one report.
    """
    now = now or timezone.now()
    older_than = (
        older_than if older_than is not None else timedelta(seconds=settings.REPORT_REQUEUE_SECONDS)
    )
    stale_after = (
        stale_after
        if stale_after is not None
        else timedelta(seconds=settings.REPORT_BUILD_STALE_SECONDS)
    )
    with transaction.atomic():
        due = list(
            ReportRequest.objects.select_for_update(skip_locked=True)
            .filter(
                Q(status=ReportRequest.Status.PENDING, enqueued_at__lte=now - older_than)
                | Q(status=ReportRequest.Status.BUILDING, started_at__lte=now - stale_after)
            )
            .order_by("enqueued_at")[:limit]
        )
        for request in due:
            if request.status == ReportRequest.Status.BUILDING:
                request.error = "The build stopped without finishing (worker lost?); requeued."
            request.status = ReportRequest.Status.PENDING
            request.enqueued_at = now
            request.save(update_fields=["status", "enqueued_at", "error"])
    if due:
        logger.info("%d report request(s) due again: %s", len(due), [r.pk for r in due])
    return [request.pk for request in due]


# --- Building ------------------------------------------------------------------------------------


def report_build(*, request_id: int, final_attempt: bool = True) -> Report | None:
    """Build (or find) the report for a request and mark the request ready.

    Transient errors are re-raised for the task to retry (recorded as a failure on the final
    attempt); any other error is recorded on the request as failed, with its reason.
    """
    request = claim(request_id)
    if request is None:
        return None
    try:
        for _ in range(STALE_REBUILDS + 1):
            report = report_for_inputs(request.interview_id)
            if finish(request_id, report):
                return report
        # Amended again during every build: leave it pending for the sweep rather than spin here.
        record_error(request_id, StaleInputs("the inputs kept changing"), failed=False)
        return None
    except TRANSIENT_ERRORS as error:
        logger.warning("report request %s hit a transient error: %s", request_id, error)
        record_error(request_id, error, failed=final_attempt)
        raise
    except Exception as error:
        logger.exception("report request %s failed", request_id)
        record_error(request_id, error, failed=True)
        return None


def claim(request_id: int) -> ReportRequest | None:
    """Mark a request building; None when there is nothing to do (done, failed, unknown)."""
    with transaction.atomic():
        request = ReportRequest.objects.select_for_update().filter(pk=request_id).first()
        if request is None or not request.is_open:
            return None
        if request.attempts >= settings.REPORT_MAX_ATTEMPTS:
            request.status = ReportRequest.Status.FAILED
            request.error = (
                f"Gave up after {request.attempts} attempts: the build never finished "
                f"(last: {request.error or 'no error recorded'})."
            )[:ERROR_MAX_CHARS]
            request.finished_at = timezone.now()
            request.save(update_fields=["status", "error", "finished_at"])
            return None
        request.status = ReportRequest.Status.BUILDING
        request.attempts += 1
        request.started_at = timezone.now()
        request.save(update_fields=["status", "attempts", "started_at"])
    return request


def report_for_inputs(interview_id: int) -> Report:
    """The report for the interview's current inputs: found if already built, else built now."""
    started = time.perf_counter()
    inputs = report_inputs(interview_id)
    digest = inputs.digest()
    existing = Report.objects.filter(interview_id=interview_id, inputs_hash=digest).first()
    if existing is not None:
        return existing
    content = build_content(inputs)
    body = "reports/report.html#body"
    html = render_to_string(body, {"content": content, "show_notes": False})
    panel_html = render_to_string(body, {"content": content, "show_notes": True})
    # Before the transaction: rendering takes seconds, and holds no lock meanwhile.
    pdfs = documents.render_all(content=content, html=html, panel_html=panel_html)
    candidate_pdfs = feedback.render_for_build(content=content, inputs_hash=digest)
    overall = content["overall"]
    try:
        with transaction.atomic():
            report = Report.objects.create(
                interview_id=interview_id,
                inputs_hash=digest,
                format_version=content["format"],
                content=content,
                html=html,
                panel_html=panel_html,
                overall_score=overall["score"],
                level=overall["level"] or "",
                build_ms=round((time.perf_counter() - started) * 1000),
            )
            documents.store(report, pdfs)
            feedback.store(candidate_pdfs)
            return report
    except IntegrityError:
        # Another worker built the same inputs first: theirs is identical.
        return Report.objects.get(interview_id=interview_id, inputs_hash=digest)


def finish(request_id: int, report: Report) -> bool:
    """Mark the request ready with this report, unless the interview's inputs changed since the
    build read them (an amendment joined the request meanwhile): then False, and build again.

    A completed interview's inputs change only by amendment, and amendments are never deleted, so
    counting them tells whether the build read the latest. Counted under the interview's lock, the
    one report_request_create takes: an amendment either committed before this check (and is
    counted) or finds this request ready and opens a new one. No amendment is left out of every
    report.
    """
    with transaction.atomic():
        Interview.objects.select_for_update().filter(pk=report.interview_id).first()
        if amendment_count(report.interview_id) != len(report.content.get("amendments", [])):
            return False
        changed = (
            ReportRequest.objects.filter(pk=request_id)
            .exclude(status=ReportRequest.Status.READY)
            .update(
                status=ReportRequest.Status.READY,
                report=report,
                error="",
                finished_at=timezone.now(),
            )
        )
        if changed:
            # In this transaction: a webhook's outbox row commits with the request's readiness.
            report_ready.send(sender=Report, report_id=report.pk, interview_id=report.interview_id)
    return True


def record_error(request_id: int, error: BaseException, *, failed: bool) -> None:
    text = f"{type(error).__name__}: {error}"[:ERROR_MAX_CHARS]
    try:
        with transaction.atomic():
            request = ReportRequest.objects.select_for_update().filter(pk=request_id).first()
            if request is None or request.status == ReportRequest.Status.READY:
                return
            request.error = text
            if failed:
                request.status = ReportRequest.Status.FAILED
                request.finished_at = timezone.now()
            else:
                # Back to pending until the retry runs; the sweep will not touch it for a while.
                request.status = ReportRequest.Status.PENDING
                request.enqueued_at = timezone.now()
            request.save(update_fields=["error", "status", "finished_at", "enqueued_at"])
    except TRANSIENT_ERRORS:
        # The database itself is away: the request stays as it is and the sweep finds it later.
        logger.warning("could not record the error of report request %s", request_id)


# --- Feedback links ------------------------------------------------------------------------------


def default_link_expiry(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(days=settings.FEEDBACK_LINK_DAYS)


def feedback_link_create(
    *,
    created_by,
    expires_at: datetime,
    share_level: bool,
    report: Report | None = None,
    loop: Loop | None = None,
) -> tuple[FeedbackLink, str]:
    """A new link for the candidate, to one report or to a whole loop. A loop link covers the
    loop's reports as they are now (the latest of each completed interview), fixed with it: an
    interview reported later needs a new link. Returns the link and its token: the only time it
    exists in clear; only its SHA-256 is stored."""
    if (report is None) == (loop is None):
        raise ValidationError("A feedback link covers one report or one loop.")
    validate_expiry(expires_at)
    with transaction.atomic():
        covered = feedback.latest_reports_of_loop(loop.pk) if loop is not None else []
        if loop is not None and not covered:
            raise ValidationError(
                "No interview of this loop has a report yet: create its link once one is ready."
            )
        token = secrets.token_urlsafe(32)  # 256 random bits
        link = FeedbackLink.objects.create(
            report=report,
            loop=loop,
            token_hash=token_digest(token),
            share_level=share_level,
            expires_at=expires_at,
            created_by=created_by,
        )
        link.loop_reports.set(covered)
    return link, token


def validate_expiry(expires_at: datetime) -> None:
    now = timezone.now()
    if expires_at <= now:
        raise ValidationError("The expiry must be in the future.")
    # One day of slack: a link chosen to expire "on" the last allowed day lasts until its end.
    if expires_at > now + timedelta(days=settings.FEEDBACK_LINK_MAX_DAYS + 1):
        raise ValidationError(
            f"A link can live at most {settings.FEEDBACK_LINK_MAX_DAYS} days; create a new one "
            "later if needed."
        )


def feedback_link_revoke(*, link: FeedbackLink, revoked_by) -> FeedbackLink:
    """Revoke one link; the next request with its token gets a 404. Revoking twice is harmless."""
    FeedbackLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=revoked_by
    )
    link.refresh_from_db()
    return link


def feedback_link_set_expiry(*, link: FeedbackLink, expires_at: datetime) -> FeedbackLink:
    if link.is_revoked:
        raise ValidationError("A revoked link stays revoked; create a new one.")
    validate_expiry(expires_at)
    FeedbackLink.objects.filter(pk=link.pk).update(expires_at=expires_at)
    link.refresh_from_db()
    return link


def feedback_link_record_view(*, link: FeedbackLink) -> None:
    with transaction.atomic():
        now = timezone.now()
        # The first view is told apart in the same statement that counts it, so two first views
        # at once announce it once.
        first = FeedbackLink.objects.filter(pk=link.pk, last_viewed_at__isnull=True).update(
            view_count=F("view_count") + 1, last_viewed_at=now
        )
        if first:
            feedback_link_viewed.send(sender=FeedbackLink, link_id=link.pk)
            return
        FeedbackLink.objects.filter(pk=link.pk).update(
            view_count=F("view_count") + 1, last_viewed_at=now
        )
