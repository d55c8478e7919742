"""Live scoring: every write is one conditional UPDATE on a rating row that already exists.

A part (level, signals, notes) carries the version the browser last saw. The UPDATE only matches
when that version is still the stored one, so a double click or a retried request is harmless and a
stale tab is refused with both values instead of silently overwriting a newer one. Single-statement
services need no explicit transaction: the statement is atomic on its own.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Now
from django.utils import timezone

from config.sql import Table
from interviews.models import Interview, InterviewQuestion, Panelist, Rating, Scorecard
from interviews.rubrics import rubric_at
from interviews.signals import lead_on_question

NOTES_MAX_CHARS = 20_000


class InvalidRating(ValueError):
    """A value the rubric does not allow; the message names it."""


class ScoringClosed(Exception):
    """The scorecard or interview no longer takes live writes; the message says why."""


class UnknownQuestion(Exception):
    def __init__(self, position: int):
        super().__init__(f"Question {position} is not part of this interview.")
        self.position = position


@dataclass
class RatingConflict(Exception):
    """A write based on an older version than the stored one."""

    part: str
    yours: Any
    stored: Any
    stored_version: int

    def __str__(self) -> str:
        return f"Changed elsewhere: the stored {self.part} is at version {self.stored_version}."


@dataclass(frozen=True)
class Saved:
    part: str
    version: int
    saved_at: datetime


@dataclass(frozen=True)
class Rater:
    """Whose rating a live write is for: one interviewer on one interview, as the request names
    them (not their Panelist row, which is never loaded for the write). The write itself proves
    that they hold an open scorecard there, so no access query runs before it."""

    interview_id: int
    interviewer_id: int

    @classmethod
    def of(cls, scorecard: Scorecard) -> "Rater":
        return cls(interview_id=scorecard.interview_id, interviewer_id=scorecard.interviewer_id)


class NotOnPanel(Exception):
    """No scorecard for this interviewer on this interview (the view answers 404)."""


def ensure_open(scorecard: Scorecard) -> None:
    if scorecard.submitted_at is not None:
        raise ScoringClosed("This scorecard is submitted and locked; amend it instead.")
    state = scorecard.interview.state
    if state == Interview.State.SCHEDULED:
        raise ScoringClosed("The interview has not started yet; start it first.")
    if state != Interview.State.LIVE:
        raise ScoringClosed(f"The interview is {state}; it takes no more ratings.")


def stored_value(rating: Rating, part: str) -> Any:
    if part == "level":
        return f"skipped: {rating.skip_reason}" if rating.skipped else rating.level
    return {"signals": rating.signal_ids, "notes": rating.notes}[part]


def conditional_update(
    *, rater: Rater, position: int, part: str, version: int, yours: Any, **values
) -> Saved:
    """One UPDATE that is the whole write when it succeeds: it matches only the rater's own open
    scorecard on a live interview, the question at that position, an unlocked row and the
    version the browser saw. Only when nothing matched do further queries find out why.
    """
    now = timezone.now()
    params = [
        *(
            Rating._meta.get_field(name).get_db_prep_save(value, connection)
            for name, value in values.items()
        ),
        connection.ops.adapt_datetimefield_value(now),
        version,
        rater.interview_id,
        position,
        rater.interview_id,
        rater.interviewer_id,
        Interview.State.LIVE.value,
    ]
    with connection.cursor() as cursor:
        cursor.execute(open_rating_update_sql(tuple(values), f"{part}_version"), params)
        if cursor.rowcount:
            return Saved(part=part, version=version + 1, saved_at=now)
    return explain_refusal(rater=rater, position=position, part=part, version=version, yours=yours)


# The live write, written out: built through the ORM (an UPDATE filtered by Subqueries) it cost
# 1.7 ms of CPU per call against 0.1 ms for this, on the app's hottest request (bench/README.md).
# The rater's and the question's conditions sit in scalar subqueries, so the UPDATE's own WHERE
# names only the rating row's columns. PostgreSQL re-checks those on the newest row version
# after waiting for a row lock: of two writes with one version exactly one matches, and a write
# that waited on a submit's lock no longer matches once the row is locked. (The ORM turns
# filters across a join into `id IN (subquery)`, which is not re-checked that way.) Tables and
# columns ({rt.locked}: Rating.locked's column) are filled in from the models' metadata, once.
OPEN_RATING_UPDATE = """
    UPDATE {rt}
    SET {assignments}, {version} = {version} + 1, {rt.updated_at} = %s
    WHERE NOT {rt.locked} AND {version} = %s
      AND {rt.interview_question} = (
        SELECT q.{iq.id} FROM {iq} q
        WHERE q.{iq.interview} = %s AND q.{iq.position} = %s
      )
      AND {rt.scorecard} = (
        SELECT s.{sc.id} FROM {sc} s
        JOIN {iv} i ON i.{iv.id} = s.{sc.interview}
        WHERE s.{sc.interview} = %s AND s.{sc.interviewer} = %s
          AND s.{sc.submitted_at} IS NULL AND i.{iv.state} = %s
      )
"""


@lru_cache(maxsize=16)
def open_rating_update_sql(fields: tuple[str, ...], version_field: str) -> str:
    """OPEN_RATING_UPDATE for these Rating fields (names from this module, never from input)."""
    rt = Table(Rating)
    *assigned, version = [getattr(rt, name) for name in (*fields, version_field)]
    return OPEN_RATING_UPDATE.format(
        assignments=", ".join(f"{column} = %s" for column in assigned),
        version=version,
        rt=rt,
        iq=Table(InterviewQuestion),
        sc=Table(Scorecard),
        iv=Table(Interview),
    )


def explain_refusal(*, rater: Rater, position: int, part: str, version: int, yours: Any) -> Saved:
    """Why the UPDATE matched nothing, as the exception the view turns into an answer; or
    Saved, when the stored value is already this write's (an answer lost on the way back)."""
    scorecard = (
        Scorecard.objects.select_related("interview")
        .filter(interview_id=rater.interview_id, interviewer_id=rater.interviewer_id)
        .first()
    )
    if scorecard is None:
        raise NotOnPanel
    ensure_open(scorecard)
    current = Rating.objects.filter(
        scorecard=scorecard, interview_question__position=position
    ).first()
    if current is None:
        raise UnknownQuestion(position)
    if current.locked:
        raise ScoringClosed("This scorecard no longer takes live writes.")
    stored_version = getattr(current, f"{part}_version")
    if stored_value(current, part) == yours:
        # Our own earlier write whose answer was lost (a dropped connection): already saved.
        return Saved(part=part, version=stored_version, saved_at=current.updated_at)
    if stored_version == version:
        # Nothing refuses the write now: the interview started after the UPDATE ran.
        raise ScoringClosed("The interview has just started; send it again.")
    raise RatingConflict(
        part=part, yours=yours, stored=stored_value(current, part), stored_version=stored_version
    )


def rating_save_level(*, rater: Rater, position: int, level: int, version: int) -> Saved:
    if level not in (1, 2, 3, 4):
        raise InvalidRating(f"level {level} is outside 1-4")
    return conditional_update(
        rater=rater,
        position=position,
        part="level",
        version=version,
        yours=level,
        level=level,
        skipped=False,
        skip_reason="",
    )


def rating_skip(*, rater: Rater, position: int, reason: str, version: int) -> Saved:
    reason = reason.strip()
    if not reason:
        raise InvalidRating("a skipped question needs a reason")
    return conditional_update(
        rater=rater,
        position=position,
        part="level",
        version=version,
        yours=f"skipped: {reason}",
        level=None,
        skipped=True,
        skip_reason=reason[:500],
    )


def rating_save_signals(
    *, rater: Rater, position: int, signal_ids: list[int], version: int
) -> Saved:
    rubric = rubric_at(rater.interview_id, position)
    if rubric is None:
        raise UnknownQuestion(position)
    foreign = sorted(set(signal_ids) - rubric.signal_ids)
    if foreign:
        raise InvalidRating(
            f"signal {foreign[0]} does not belong to question {position}; "
            "tick only the signals listed under it"
        )
    ordered = [signal.id for signal in rubric.signals if signal.id in set(signal_ids)]
    return conditional_update(
        rater=rater,
        position=position,
        part="signals",
        version=version,
        yours=ordered,
        signal_ids=ordered,
    )


def rating_save_notes(*, rater: Rater, position: int, notes: str, version: int) -> Saved:
    if len(notes) > NOTES_MAX_CHARS:
        raise InvalidRating(f"notes are limited to {NOTES_MAX_CHARS} characters")
    return conditional_update(
        rater=rater,
        position=position,
        part="notes",
        version=version,
        yours=notes,
        notes=notes,
    )


def accrue_focus_time(panelist: Panelist, now: datetime) -> None:
    """Add the time since the panelist arrived on their current question to that question."""
    if panelist.focus_started_at is None:
        return
    seconds = max(0, int((now - panelist.focus_started_at).total_seconds()))
    Rating.objects.filter(
        scorecard__panelist=panelist, interview_question__position=panelist.current_position
    ).update(seconds_spent=F("seconds_spent") + seconds)


def panelist_focus(*, panelist: Panelist, position: int) -> Panelist:
    """Move a panelist to another question; time on the one they leave is kept server-side."""
    with transaction.atomic():
        panelist = (
            Panelist.objects.select_for_update().select_related("interview").get(pk=panelist.pk)
        )
        if panelist.interview.state != Interview.State.LIVE:
            raise ScoringClosed("The interview is not live.")
        if not panelist.interview.questions.filter(position=position).exists():
            raise UnknownQuestion(position)
        now = timezone.now()
        if position != panelist.current_position:
            accrue_focus_time(panelist, now)
            panelist.current_position = position
            panelist.focus_started_at = now
        panelist.last_seen_at = now
        panelist.save(update_fields=["current_position", "focus_started_at", "last_seen_at"])
        Rating.objects.filter(
            scorecard__panelist=panelist,
            interview_question__position=position,
            opened_at__isnull=True,
        ).update(opened_at=now)
        if panelist.is_lead:
            lead_on_question.send(
                sender=Interview, interview_id=panelist.interview_id, position=position
            )
    return panelist


def panelist_seen(*, panelist: Panelist) -> None:
    Panelist.objects.filter(pk=panelist.pk).update(last_seen_at=Now())
