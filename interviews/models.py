"""Interviews, panels, scorecards and ratings.

An interview pins the question revisions it uses, so a report built a year later reads exactly what
the interviewer saw. Every rating lives in PostgreSQL only, one row per scorecard and question, with
a version per part (level, signals, notes) so that a stale tab can never overwrite a newer value.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower, Now

from config.numbers import ascii_integer
from config.text import no_control_characters
from questionbank.models import Kit, QuestionRevision


class Recommendation(models.TextChoices):
    STRONG_NO = "strong_no", "Strong no"
    NO = "no", "No"
    YES = "yes", "Yes"
    STRONG_YES = "strong_yes", "Strong yes"


class CandidateLevel(models.TextChoices):
    BELOW_MID = "below_mid", "Below mid"
    MID = "mid", "Mid-level"
    SENIOR = "senior", "Senior"
    STAFF = "staff", "Staff"


def updated_at_field():
    """When the row, or what the API shows with it, last changed: moved by the services that write
    it (services/touch.py), so that integrations can poll `?updated_since=`. A database default, so
    that code of the release before, still running during a deploy, can insert rows without it."""
    return models.DateTimeField(db_default=Now(), editable=False)


class Candidate(models.Model):
    name = models.CharField(max_length=200, validators=[no_control_characters])
    email = models.EmailField(validators=[no_control_characters])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = updated_at_field()

    class Meta:
        ordering = ["name"]
        # The API's lists: `updated_since` and the cursor walk (updated_at, id) in this order.
        indexes = [models.Index(fields=["updated_at", "id"], name="candidate_updated")]
        constraints = [
            # Scheduling finds candidates by email; two at once must not create two.
            models.UniqueConstraint(Lower("email"), name="candidate_email_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Loop(models.Model):
    """A candidate's interviews for one hiring decision, each with its own kit, time and panel."""

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="loops")
    role = models.CharField(max_length=200, blank=True, help_text="What the loop hires for.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = updated_at_field()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["updated_at", "id"], name="loop_updated")]
        permissions = [("record_decision", "Can record a loop's hiring decision")]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.role or 'loop'} · {self.created_at:%Y-%m-%d}"


class LoopDecision(models.Model):
    """A hiring decision recorded on a loop. The newest row is the loop's decision; the older ones
    are its history. Rows are never changed: a change of mind is a new row with its reason."""

    class Outcome(models.TextChoices):
        HIRE = "hire", "Hire"
        NO_HIRE = "no_hire", "No hire"

    loop = models.ForeignKey(Loop, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    level = models.CharField(max_length=12, choices=CandidateLevel.choices, blank=True)
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    # The loop's interviews still scheduled or live when this was decided ("Kit, 30 Nov (live)",
    # joined by "; "), empty when none: deciding without the whole panel's evidence is a deliberate
    # act, and the history says so.
    open_interviews = models.CharField(max_length=1_000, blank=True)

    class Meta:
        ordering = ["loop", "-decided_at", "-id"]
        get_latest_by = "decided_at"
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["hire", "no_hire"]), name="loop_decision_outcome_known"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="loop_decision_has_a_reason"),
            models.CheckConstraint(
                condition=~Q(outcome="hire") | ~Q(level=""), name="loop_hire_has_a_level"
            ),
            # The level form offers "No level (no hire)": a no-hire at a level means nothing.
            models.CheckConstraint(
                condition=~Q(outcome="no_hire") | Q(level=""), name="loop_no_hire_has_no_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on {self.loop_id} at {self.decided_at:%Y-%m-%d %H:%M}"


class Interview(models.Model):
    class State(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        LIVE = "live", "Live"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="interviews")
    # The loop it belongs to, whose candidate is this interview's candidate: the scheduling
    # service sets both, and on PostgreSQL a composite foreign key (migration 0006) refuses a
    # mismatch.
    loop = models.ForeignKey(Loop, on_delete=models.PROTECT, related_name="interviews")
    kit = models.ForeignKey(Kit, on_delete=models.PROTECT, related_name="interviews")
    scheduled_at = models.DateTimeField()
    state = models.CharField(max_length=12, choices=State.choices, default=State.SCHEDULED)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The calendar invite's SEQUENCE (RFC 5546): raised by every reschedule and the cancellation,
    # so calendars apply the newest invite for the interview's UID and ignore older ones.
    calendar_sequence = models.PositiveIntegerField(default=0)
    updated_at = updated_at_field()

    class Meta:
        ordering = ["-scheduled_at"]
        indexes = [
            models.Index(fields=["scheduled_at"]),
            models.Index(fields=["updated_at", "id"], name="interview_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["scheduled", "live", "completed", "cancelled"]),
                name="interview_state_known",
            ),
            models.CheckConstraint(
                condition=~Q(state="completed") | Q(completed_at__isnull=False),
                name="completed_interview_has_completed_at",
            ),
        ]
        permissions = [
            ("schedule_interview", "Can schedule interviews and choose their panel"),
            ("conduct_interview", "Can sit on an interview panel"),
            ("view_report", "Can read candidate reports"),
            ("manage_feedback_link", "Can create and revoke candidate feedback links"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.kit} · {self.scheduled_at:%Y-%m-%d %H:%M}"


class InterviewQuestion(models.Model):
    """A question revision pinned by an interview, in kit order, with its budget and weight."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="questions")
    revision = models.ForeignKey(
        QuestionRevision, on_delete=models.PROTECT, related_name="interview_questions"
    )
    position = models.PositiveSmallIntegerField()
    minutes = models.PositiveSmallIntegerField()
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["interview", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "position"], name="interview_question_order_unique"
            ),
            models.UniqueConstraint(
                fields=["interview", "revision"], name="interview_revision_once"
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="position_from_one"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="iq_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"#{self.position} {self.revision}"


class Panelist(models.Model):
    """A panelist: one person on one interview's panel, and where they are right now (shared
    presence).

    The one model of a person on a panel, and the one word for it in code, templates, tests and
    the API (`panelist`, `panelists`). Their scorecard hangs off it, and the database keeps the
    two in agreement (see Scorecard).
    """

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="panelists")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panelists"
    )
    is_lead = models.BooleanField(default=False)
    current_position = models.PositiveSmallIntegerField(default=1)
    # When the panelist arrived on the current question: drives the per-question timer.
    focus_started_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["interview", "-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "user"], name="one_panelist_per_user"),
            models.UniqueConstraint(
                fields=["interview"], condition=Q(is_lead=True), name="one_lead_per_interview"
            ),
            # What a scorecard's composite foreign key points at (see Scorecard).
            models.UniqueConstraint(
                fields=["id", "interview", "user"], name="panelist_id_interview_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.interview_id}"


class Scorecard(models.Model):
    """One panelist's independent verdict on one interview.

    `interview` and `interviewer` repeat the panelist's interview and user, so that access checks
    and the live write's UPDATE need no join. On PostgreSQL a composite foreign key (migration
    0014, `scorecard_agrees_with_panelist`) makes the database refuse a scorecard whose interview
    or interviewer is not its panelist's, and a panelist moved to another interview or user under
    its scorecard. SQLite (the embedded default) cannot add one to an existing table: there the
    scheduling service, the only writer of panelists and scorecards, keeps them in agreement.
    """

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scorecards")
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scorecards"
    )
    panelist = models.OneToOneField(Panelist, on_delete=models.CASCADE, related_name="scorecard")
    recommendation = models.CharField(max_length=12, choices=Recommendation.choices, blank=True)
    level = models.CharField(max_length=12, choices=CandidateLevel.choices, blank=True)
    summary = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["interview", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "interviewer"], name="one_scorecard_per_panelist"
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | (~Q(recommendation="") & ~Q(level="")),
                name="submitted_scorecard_is_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interviewer} on {self.interview_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Rating(models.Model):
    """A panelist's rating of one question: anchor level 1-4 or skipped with a reason."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="ratings")
    interview_question = models.ForeignKey(
        InterviewQuestion, on_delete=models.CASCADE, related_name="ratings"
    )
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    skipped = models.BooleanField(default=False)
    skip_reason = models.CharField(max_length=500, blank=True)
    # Ids of the revision's signals that were heard (validated against the pinned revision).
    signal_ids = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    # One version per part, so that notes typed in one tab never conflict with a click in
    # another on the level; a write based on an older version is refused.
    level_version = models.PositiveIntegerField(default=0)
    signals_version = models.PositiveIntegerField(default=0)
    notes_version = models.PositiveIntegerField(default=0)
    seconds_spent = models.PositiveIntegerField(default=0)
    opened_at = models.DateTimeField(null=True, blank=True)
    # Set in the submitting (or cancelling) transaction. Live writes match only unlocked rows, on
    # the row itself, so one that waits on the submit's row lock finds the row locked afterwards.
    locked = models.BooleanField(default=False)
    # The level as the scorecard was submitted (null if skipped or never rated), set in the
    # submitting transaction and never changed by an amendment: calibration reads it, so a rating
    # moved after reading the other scorecards does not make the panel look more in agreement.
    submitted_level = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["scorecard", "interview_question__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "interview_question"], name="one_rating_per_question"
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | (Q(level__gte=1) & Q(level__lte=4)),
                name="rating_level_1_4",
            ),
            models.CheckConstraint(
                condition=Q(skipped=False) | (Q(level__isnull=True) & ~Q(skip_reason="")),
                name="skip_has_reason_and_no_level",
            ),
            models.CheckConstraint(
                condition=Q(submitted_level__isnull=True)
                | (Q(submitted_level__gte=1) & Q(submitted_level__lte=4)),
                name="rating_submitted_level_1_4",
            ),
            # Only the submit sets it, and the submit locks the row in the same statement.
            models.CheckConstraint(
                condition=Q(submitted_level__isnull=True) | Q(locked=True),
                name="submitted_level_only_when_locked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scorecard} #{self.interview_question_id}: {self.level or '-'}"

    @property
    def is_settled(self) -> bool:
        return self.level is not None or self.skipped


class Amendment(models.Model):
    """A change to a submitted scorecard: who, when, what, and why."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="amendments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    changes = models.JSONField(help_text="field -> [old, new]")
    reason = models.TextField()
    # Whether its author could have read another panelist's scorecard first: a panelist who has
    # submitted sees every other submitted scorecard, so this is "at least one other panelist on
    # the interview had submitted". Decided when the amendment is written, from what was committed
    # then (scorecard_amend), never recomputed.
    # db_default too: code of the release before, still running during a deploy, inserts rows
    # without this column.
    after_reading = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Made after another panelist on the interview had submitted.",
    )

    # `changes` holds the scorecard's own field names ("recommendation", "level", "summary") and,
    # for a question's rating, "question:<position>": the only place that key is spelled and read
    # is the pair of functions below (calibration's SQL takes the prefix and digits from here).
    QUESTION_KEY_PREFIX = "question:"
    QUESTION_KEY_DIGITS = 9

    class Meta:
        ordering = ["scorecard", "created_at"]

    def __str__(self) -> str:
        return f"amendment to {self.scorecard} at {self.created_at:%Y-%m-%d %H:%M}"

    @classmethod
    def question_key(cls, position: int) -> str:
        """The key of a question's rating in `changes`."""
        return f"{cls.QUESTION_KEY_PREFIX}{position:d}"

    @classmethod
    def question_position(cls, key: str) -> int | None:
        """The position a key of `changes` names, or None for an overall field (or a key stored
        before targets were parsed strictly that migration 0013 could not read): only 1-9 ASCII
        digits name one, as calibration's SQL reads them."""
        digits = key.removeprefix(cls.QUESTION_KEY_PREFIX)
        if digits == key or not 0 < len(digits) <= cls.QUESTION_KEY_DIGITS:
            return None
        return ascii_integer(digits) if digits.isascii() and digits.isdigit() else None
