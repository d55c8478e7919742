"""Email panelists whose scorecard is still open some hours after their interview started.

One email per REPORT_REMINDER_HOURS per scorecard, until it is submitted (or the interview is no
longer live). The reminder row is locked while its email goes out (SKIP LOCKED), so two beat runs
at once never send twice.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from config.text import one_line
from interviews.models import Interview, Scorecard
from interviews.reports.models import ScorecardReminder

logger = logging.getLogger(__name__)


def open_scorecards_due(now: datetime) -> list[int]:
    """Ids of unsubmitted scorecards on live interviews that started long enough ago."""
    interval = timedelta(hours=settings.REPORT_REMINDER_HOURS)
    return list(
        Scorecard.objects.annotate(
            began=Coalesce("interview__started_at", "interview__scheduled_at")
        )
        .filter(
            submitted_at__isnull=True,
            interview__state=Interview.State.LIVE,
            began__lte=now - interval,
        )
        .filter(
            Q(reminder__isnull=True)
            | Q(reminder__last_sent_at__isnull=True)
            | Q(reminder__last_sent_at__lte=now - interval)
        )
        .values_list("pk", flat=True)
    )


def scorecard_reminders_send(*, now: datetime | None = None) -> int:
    """Send the reminders that are due; returns how many were sent."""
    now = now or timezone.now()
    interval = timedelta(hours=settings.REPORT_REMINDER_HOURS)
    due = open_scorecards_due(now)
    if not due:
        return 0
    ScorecardReminder.objects.bulk_create(
        [ScorecardReminder(scorecard_id=pk) for pk in due], ignore_conflicts=True
    )
    sent = 0
    for scorecard_id in due:
        with transaction.atomic():
            reminder = (
                ScorecardReminder.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("scorecard__interview__candidate", "scorecard__interviewer")
                .filter(scorecard_id=scorecard_id)
                .filter(Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=now - interval))
                .first()
            )
            if reminder is None:
                continue  # another run holds it, or has just sent it
            scorecard = reminder.scorecard
            # Re-read under the lock: a submit may have landed since the list was taken.
            if Scorecard.objects.filter(pk=scorecard.pk, submitted_at__isnull=False).exists():
                continue
            if not scorecard.interviewer.email:
                logger.warning("no email address for %s; reminder skipped", scorecard.interviewer)
                continue
            try:
                reminder_email(scorecard).send()
            except Exception:
                # One bad address or a refusing server must not stop the others; this one is
                # tried again on the next run.
                logger.exception("reminder for scorecard %s not sent", scorecard.pk)
                continue
            reminder.last_sent_at = now
            reminder.sent_count += 1
            reminder.save(update_fields=["last_sent_at", "sent_count"])
            sent += 1
    return sent


def reminder_email(scorecard: Scorecard) -> EmailMessage:
    interview = scorecard.interview
    # Names are refused with control characters, but older rows were not: a line break in a
    # header would stop the send.
    candidate = one_line(interview.candidate.name)
    interviewer = scorecard.interviewer
    greeting = one_line(interviewer.get_short_name() or interviewer.username)
    began = interview.started_at or interview.scheduled_at
    lines = [
        f"Hello {greeting},",
        "",
        f"Your scorecard for the interview with {candidate} "
        f"({timezone.localtime(began):%d %b %Y, %H:%M}) is not submitted yet.",
        "The candidate's report is built once every panelist has submitted.",
    ]
    try:
        path = reverse("interviews:console", kwargs={"pk": interview.pk})
    except NoReverseMatch:
        path = ""
    if path and settings.SITE_URL:
        lines += ["", f"Open it here: {settings.SITE_URL.rstrip('/')}{path}"]
    lines += ["", "— Loupe"]
    return EmailMessage(
        subject=f"Reminder: your scorecard for {candidate} is still open",
        body="\n".join(lines),
        to=[scorecard.interviewer.email],
    )
