"""Read queries that the console, the home page and reports share. Each runs a fixed number of
queries whatever the number of questions or panelists."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db.models import Count, Max, Q
from django.utils import timezone

from interviews.models import Interview, InterviewQuestion, Loop, Panelist, Rating, Scorecard
from interviews.rubrics import Rubric, rubric_of
from questionbank.models import Kit

PRESENCE_WINDOW_SECONDS = 30
# Home-row keys tick signals; 1-4 rate, n/p move, x skips, ? shows the help.
SIGNAL_KEYS = "asdfghjkl"


@dataclass
class OutlineItem:
    question: InterviewQuestion
    rating: Rating
    is_current: bool

    @property
    def state(self) -> str:
        if self.rating.skipped:
            return "skipped"
        if self.rating.level is not None:
            return "rated"
        return "pending"


@dataclass
class PresenceItem:
    panelist: Panelist
    is_me: bool
    online: bool
    submitted: bool


@dataclass
class ConsoleState:
    scorecard: Scorecard
    interview: Interview
    outline: list[OutlineItem]
    current: OutlineItem
    rubric: Rubric
    presence: list[PresenceItem]
    now: datetime
    others: list[dict] = field(default_factory=list)
    others_hidden_while_scoring: bool = False

    @property
    def position(self) -> int:
        return self.current.question.position

    @property
    def previous_position(self) -> int | None:
        return self.position - 1 if self.position > 1 else None

    @property
    def next_position(self) -> int | None:
        return self.position + 1 if self.position < len(self.outline) else None

    @property
    def budget_seconds(self) -> int:
        return sum(item.question.minutes for item in self.outline) * 60

    @property
    def total_elapsed_seconds(self) -> int:
        started = self.interview.started_at
        if started is None:
            return 0
        end = self.interview.completed_at or self.now
        return max(0, int((end - started).total_seconds()))

    @property
    def question_elapsed_seconds(self) -> int:
        seconds = self.current.rating.seconds_spent
        focus = self.scorecard.panelist.focus_started_at
        if self.timers_running and focus is not None:
            seconds += max(0, int((self.now - focus).total_seconds()))
        return seconds

    @property
    def timers_running(self) -> bool:
        return self.interview.state == Interview.State.LIVE and not self.scorecard.is_submitted

    @property
    def settled_count(self) -> int:
        return sum(1 for item in self.outline if item.state != "pending")

    @property
    def signal_rows(self) -> list[tuple]:
        """Each signal of the current question with its key and whether it was heard."""
        ticked = set(self.current.rating.signal_ids)
        return [
            (signal, SIGNAL_KEYS[index] if index < len(SIGNAL_KEYS) else "", signal.id in ticked)
            for index, signal in enumerate(self.rubric.signals)
        ]

    @property
    def signal_hint(self) -> int | None:
        """The highest anchor level that the ticked signals point to: a hint, never the rating.

        Bonus signals (version trivia) are left out: they never raise the level (issue 15).
        static/js/console.js recomputes the hint in the browser with the same rule."""
        ticked = set(self.current.rating.signal_ids)
        levels = [
            signal.level
            for signal in self.rubric.signals
            if signal.id in ticked and not signal.is_bonus
        ]
        return max(levels) if levels else None


def console_state(scorecard: Scorecard, position: int | None = None) -> ConsoleState:
    interview = scorecard.interview
    questions = list(
        InterviewQuestion.objects.filter(interview=interview).select_related(
            "revision__question__topic"
        )
    )
    panelists = list(
        Panelist.objects.filter(interview=interview).select_related("user", "scorecard")
    )
    # Others' ratings and notes are read only once the reader's own scorecard is submitted, and
    # not while they still score another interview of the same loop (blind scoring across it).
    scoring_elsewhere = (
        scorecard.is_submitted
        and interview.loop_id is not None
        and holds_open_scorecard(scorecard.interviewer_id, loop_ids=[interview.loop_id])
    )
    reads_others = scorecard.is_submitted and not scoring_elsewhere
    ratings_query = Rating.objects.filter(scorecard__interview=interview)
    if not reads_others:
        ratings_query = ratings_query.filter(scorecard=scorecard)
    ratings = list(ratings_query)
    mine = {r.interview_question_id: r for r in ratings if r.scorecard_id == scorecard.pk}
    current_position = position or scorecard.panelist.current_position
    outline = [
        OutlineItem(
            question=question,
            rating=mine[question.pk],
            is_current=question.position == current_position,
        )
        for question in questions
        if question.pk in mine
    ]
    current = next((item for item in outline if item.is_current), outline[0])
    current.is_current = True
    now = timezone.now()
    presence = presence_items(panelists, me_id=scorecard.panelist_id, now=now)
    state = ConsoleState(
        scorecard=scorecard,
        interview=interview,
        outline=outline,
        current=current,
        rubric=rubric_of(current.question.revision_id),
        presence=presence,
        now=now,
        others_hidden_while_scoring=scoring_elsewhere,
    )
    if reads_others:
        state.others = others_scorecards(scorecard, panelists, questions, ratings)
    return state


def others_scorecards(scorecard, panelists, questions, ratings) -> list[dict]:
    by_scorecard: dict[int, dict[int, Rating]] = {}
    for rating in ratings:
        by_scorecard.setdefault(rating.scorecard_id, {})[rating.interview_question_id] = rating
    others = []
    for panelist in panelists:
        other = panelist.scorecard
        if other.pk == scorecard.pk:
            continue
        rows = [(q, by_scorecard.get(other.pk, {}).get(q.pk)) for q in questions]
        others.append({"scorecard": other, "panelist": panelist, "rows": rows})
    return others


def presence_items(panelists, *, me_id: int, now: datetime) -> list[PresenceItem]:
    """Who is on the panel, where each is, and who has been seen lately."""
    return [
        PresenceItem(
            panelist=panelist,
            is_me=panelist.pk == me_id,
            online=panelist.last_seen_at is not None
            and (now - panelist.last_seen_at).total_seconds() < PRESENCE_WINDOW_SECONDS,
            submitted=panelist.scorecard.is_submitted,
        )
        for panelist in panelists
    ]


def presence_of(interview_id: int, me: Panelist) -> list[PresenceItem]:
    panelists = Panelist.objects.filter(interview_id=interview_id).select_related(
        "user", "scorecard"
    )
    return presence_items(panelists, me_id=me.pk, now=timezone.now())


def interviews_for_user(user) -> list[Scorecard]:
    """The user's scorecards (one per interview they are on), today's first, then upcoming, then
    the rest newest first."""
    today = timezone.localdate()
    scorecards = (
        Scorecard.objects.filter(interviewer=user)
        .select_related("interview__candidate", "interview__kit", "panelist")
        .annotate(
            settled=Count(
                "ratings", filter=Q(ratings__level__isnull=False) | Q(ratings__skipped=True)
            ),
            total=Count("ratings"),
        )
        .order_by("-interview__scheduled_at")
    )

    def sort_key(card: Scorecard):
        when = timezone.localtime(card.interview.scheduled_at)
        if when.date() == today:
            return (0, when.timestamp())
        if when.date() > today:
            return (1, when.timestamp())
        return (2, -when.timestamp())

    return sorted(scorecards, key=sort_key)


def interviews_for_manager(limit: int = 100):
    return (
        Interview.objects.select_related("candidate", "kit")
        .annotate(
            panel_size=Count("scorecards", distinct=True),
            submitted=Count(
                "scorecards", filter=Q(scorecards__submitted_at__isnull=False), distinct=True
            ),
        )
        .order_by("-scheduled_at")[:limit]
    )


OPEN_STATES = (Interview.State.SCHEDULED, Interview.State.LIVE)


def loops_still_scored_by(user_id: int):
    """Blind scoring across a loop: whoever still has a scorecard to submit on an interview of a
    loop (one not yet completed or cancelled) reads nothing of the loop's other interviews.
    The ids of those loops, as a subquery."""
    return Scorecard.objects.filter(
        interviewer_id=user_id, submitted_at__isnull=True, interview__state__in=OPEN_STATES
    ).values("interview__loop_id")


def holds_open_scorecard(user_id: int, *, loop_ids) -> bool:
    return Scorecard.objects.filter(
        interviewer_id=user_id,
        submitted_at__isnull=True,
        interview__loop_id__in=loop_ids,
        interview__state__in=OPEN_STATES,
    ).exists()


# An interview on a kit that has lost its slot since it was scheduled still takes time.
DEFAULT_SLOT_MINUTES = 60


@dataclass(frozen=True)
class Booking:
    """An interview someone is on, from its start for its kit's slot minutes."""

    user: User
    interview: Interview

    @property
    def start(self) -> datetime:
        return self.interview.scheduled_at

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=slot_minutes(self.interview.kit))

    def __str__(self) -> str:
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        interview = self.interview
        return (
            f"{person_name(self.user)} is already on {interview.candidate} · {interview.kit.name}, "
            f"{start:%-d %b %H:%M} to {end:%H:%M} ({interview.get_state_display().lower()})"
        )


def slot_minutes(kit) -> int:
    return kit.slot_minutes or DEFAULT_SLOT_MINUTES


def person_name(user: User) -> str:
    return user.get_full_name() or user.username


def panel_bookings(
    *, user_ids, start: datetime, minutes: int, exclude_interview_id: int | None = None
) -> list[Booking]:
    """The scheduled or live interviews these people are on that overlap [start, start +
    minutes): each as whom it books and which interview. Two queries."""
    longest = Kit.objects.aggregate(longest=Max("slot_minutes"))["longest"] or 0
    end = start + timedelta(minutes=minutes)
    panelists = (
        Panelist.objects.filter(
            user_id__in=list(user_ids),
            interview__state__in=OPEN_STATES,
            interview__scheduled_at__lt=end,
            interview__scheduled_at__gt=start
            - timedelta(minutes=max(longest, DEFAULT_SLOT_MINUTES)),
        )
        .exclude(interview_id=exclude_interview_id)
        .select_related("user", "interview__kit", "interview__candidate")
        .order_by("interview__scheduled_at", "user_id")
    )
    bookings = [Booking(panelist.user, panelist.interview) for panelist in panelists]
    return [booking for booking in bookings if booking.end > start]


def open_loop_of(email: str) -> Loop | None:
    """The newest loop without a decision of the candidate with this email (any case)."""
    return (
        Loop.objects.filter(candidate__email__iexact=email.strip(), decisions__isnull=True)
        .select_related("candidate")
        .order_by("-created_at", "-id")
        .first()
    )
