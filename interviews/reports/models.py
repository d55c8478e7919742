"""Reports, the requests that build them, candidate feedback links and scorecard reminders.

Their tables keep the names they had when these models belonged to the interviews app
(`Meta.db_table`; migrations/0001_initial.py moved them without touching the database).

- ReportRequest is an outbox row: written in the same transaction as the event that asks for a
  report (the last scorecard submitted, a rebuild), then handed to Celery on commit. A periodic
  sweep re-enqueues any request still pending, so a broker outage delays reports but loses none.
- Report is keyed by the interview and a hash of every input it was built from: building twice,
  or a task redelivered after a crash, lands on the same row.
- ReportPdf holds a built report's PDFs, rendered once with it (documents.py) and served as stored.
- FeedbackLink is a capability URL for the candidate; only the SHA-256 of its token is stored.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from interviews.models import Interview, Scorecard


class Report(models.Model):
    """A built report: the JSON snapshot of its content and its rendered HTML, never recomputed."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="reports")
    inputs_hash = models.CharField(max_length=64)
    format_version = models.PositiveSmallIntegerField()
    content = models.JSONField(help_text="Everything the report shows, as built.")
    # The report body rendered once at build time: for hiring managers (no notes) and for the
    # panel (with the panel's notes quoted).
    html = models.TextField()
    panel_html = models.TextField()
    overall_score = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    level = models.CharField(max_length=12, blank=True)
    # The whole build: inputs read, content scored, HTML and PDFs rendered.
    build_ms = models.PositiveIntegerField(default=0)
    built_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "interviews_report"
        ordering = ["interview", "-built_at", "-id"]
        get_latest_by = "built_at"
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "inputs_hash"], name="one_report_per_interview_inputs"
            ),
        ]

    def __str__(self) -> str:
        return f"report {self.inputs_hash[:8]} on interview {self.interview_id}"


class ReportPdf(models.Model):
    """One PDF of a built report, for one kind of reader, rendered once and served as stored.

    A table of its own rather than columns on Report: the report row is read by every page that
    shows a report's state, and its PDFs (tens to hundreds of KiB each) only by a download.
    """

    class Variant(models.TextChoices):
        MANAGERS = "managers", "Hiring managers' copy (no notes)"
        PANEL = "panel", "The panel's copy (notes quoted)"

    # Indexed by the unique constraint below, which leads with it.
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="pdfs", db_index=False
    )
    variant = models.CharField(max_length=16, choices=Variant.choices)
    pdf = models.BinaryField()
    render_ms = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report", "variant"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "variant"], name="one_pdf_per_report_variant"
            ),
            models.CheckConstraint(
                condition=Q(variant__in=["managers", "panel"]),
                name="report_pdf_variant_known",
            ),
            models.CheckConstraint(condition=~Q(pdf=b""), name="report_pdf_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.variant} PDF of {self.report}"


class FeedbackPdf(models.Model):
    """The candidate's feedback as a PDF, rendered once and served as stored (feedback.py).

    Keyed by a digest of what it shows (the reports, whether the level band is shared, the
    feedback's format), not by a link: every link to the same reports shares it (a new loop link
    covering a newer report gets its own), and a change to what candidates may read (a new
    format) never serves a PDF rendered under the old rules.
    """

    digest = models.CharField(max_length=64, unique=True)
    pdf = models.BinaryField()
    render_ms = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(pdf=b""), name="feedback_pdf_not_empty"),
        ]

    def __str__(self) -> str:
        return f"feedback PDF {self.digest[:8]}"


class ReportRequest(models.Model):
    """An outbox row: a report to build, and what became of it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        BUILDING = "building", "Building"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    class Reason(models.TextChoices):
        COMPLETED = "completed", "The panel submitted"
        REBUILD = "rebuild", "Rebuild requested"

    OPEN = (Status.PENDING, Status.BUILDING)

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="report_requests"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(max_length=10, choices=Reason.choices, default=Reason.COMPLETED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="requests"
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The last time the request was handed to the broker (or should have been): the sweep
    # re-enqueues pending requests whose last hand-off is older than REPORT_REQUEUE_SECONDS.
    enqueued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "interviews_reportrequest"
        ordering = ["interview", "-created_at", "-id"]
        indexes = [models.Index(fields=["status", "enqueued_at"], name="report_request_sweep")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "building", "ready", "failed"]),
                name="report_request_status_known",
            ),
            # A double-clicked rebuild, or a rebuild while the first build runs, joins the open
            # request instead of queueing a second one.
            models.UniqueConstraint(
                fields=["interview"],
                condition=Q(status__in=["pending", "building"]),
                name="one_open_report_request",
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | Q(report__isnull=False),
                name="ready_request_has_report",
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(error=""), name="failed_request_says_why"
            ),
        ]

    def __str__(self) -> str:
        return f"report request {self.pk} ({self.status}) on interview {self.interview_id}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class FeedbackLink(models.Model):
    """A private link for the candidate to one built report, or to every report of a loop. The
    token itself is never stored."""

    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.PROTECT, related_name="feedback_links"
    )
    loop = models.ForeignKey(
        "interviews.Loop",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_links",
    )
    # A loop link's reports: those of the loop built when it was created (the latest of each
    # completed interview), fixed then, so that a link shared mid-loop never shows the candidate an
    # interview the manager had not read; a later report needs a new link.
    loop_reports = models.ManyToManyField(Report, blank=True, related_name="loop_feedback_links")
    token_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token")
    # Whether the candidate sees the panel's overall level band.
    share_level = models.BooleanField(default=False)
    expires_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    view_count = models.PositiveIntegerField(default=0)
    last_viewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "interviews_feedbacklink"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="feedback_link_expires_after_creation",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False),
                name="feedback_link_revoked_by_someone",
            ),
            models.CheckConstraint(
                condition=(Q(report__isnull=False) & Q(loop__isnull=True))
                | (Q(report__isnull=True) & Q(loop__isnull=False)),
                name="feedback_link_covers_a_report_or_a_loop",
            ),
        ]

    def __str__(self) -> str:
        return f"feedback link {self.pk} on {self.report or self.loop}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    @property
    def state(self) -> str:
        if self.is_revoked:
            return "revoked"
        return "expired" if self.is_expired() else "active"


class ScorecardReminder(models.Model):
    """When a panelist was last reminded that their scorecard is still open."""

    scorecard = models.OneToOneField(Scorecard, on_delete=models.CASCADE, related_name="reminder")
    last_sent_at = models.DateTimeField(null=True, blank=True)
    sent_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "interviews_scorecardreminder"

    def __str__(self) -> str:
        return f"reminder for {self.scorecard} ({self.sent_count} sent)"
