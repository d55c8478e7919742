"""Live scoring: every write is one conditional UPDATE on a rating row that already exists.

A part (level, signals, notes) carries the version the browser last saw. The UPDATE only matches
when that version is still the stored one, so a double click or a retried request is harmless and a
stale tab is refused with both values instead of silently overwriting a newer one. Single-statement
services need no explicit transaction: the statement is atomic on its own.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Now
from django.utils import timezone

from interviews.models import Interview, Panelist, Rating, Scorecard
from interviews.rubrics import pinned_question, rubric_at

NOTES_MAX_CHARS = 20_000


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
    *, scorecard: Scorecard, position: int, part: str, version: int, yours: Any, **values
) -> Saved:
    """One UPDATE whose WHERE names only the rating row's own columns (id, version, locked).

    PostgreSQL re-checks such conditions on the newest row version after waiting for a lock, so
    of two writes with the same version exactly one matches, and a write that waited on a
    submit's lock no longer matches once the row is locked.
    """
    ensure_open(scorecard)
    pinned = pinned_question(scorecard.interview_id, position)
    if pinned is None:
        raise UnknownQuestion(position)
    now = timezone.now()
    version_field = f"{part}_version"
    rows = Rating.objects.filter(scorecard=scorecard, interview_question_id=pinned.id)
    updated = rows.filter(locked=False, **{version_field: version}).update(
        **values, **{version_field: version + 1}, updated_at=now
    )
    if updated:
        return Saved(part=part, version=version + 1, saved_at=now)
    current = rows.select_related("scorecard__interview").first()
    if current is None:
        raise UnknownQuestion(position)
    if current.locked:
        ensure_open(current.scorecard)
        raise ScoringClosed("This scorecard no longer takes live writes.")
    stored_version = getattr(current, version_field)
    if stored_value(current, part) == yours:
        # Our own earlier write whose answer was lost (a dropped connection): already saved.
        return Saved(part=part, version=stored_version, saved_at=current.updated_at)
    raise RatingConflict(
        part=part, yours=yours, stored=stored_value(current, part), stored_version=stored_version
    )


def rating_save_level(*, scorecard: Scorecard, position: int, level: int, version: int) -> Saved:
    if level not in (1, 2, 3, 4):
        raise ValueError(f"level {level} is outside 1-4")
    return conditional_update(
        scorecard=scorecard,
        position=position,
        part="level",
        version=version,
        yours=level,
        level=level,
        skipped=False,
        skip_reason="",
    )


def rating_skip(*, scorecard: Scorecard, position: int, reason: str, version: int) -> Saved:
    reason = reason.strip()
    if not reason:
        raise ValueError("a skipped question needs a reason")
    return conditional_update(
        scorecard=scorecard,
        position=position,
        part="level",
        version=version,
        yours=f"skipped: {reason}",
        level=None,
        skipped=True,
        skip_reason=reason[:500],
    )


def rating_save_signals(
    *, scorecard: Scorecard, position: int, signal_ids: list[int], version: int
) -> Saved:
    rubric = rubric_at(scorecard.interview_id, position)
    if rubric is None:
        raise UnknownQuestion(position)
    foreign = sorted(set(signal_ids) - rubric.signal_ids)
    if foreign:
        raise ValueError(
            f"signal {foreign[0]} does not belong to question {position}; "
            "tick only the signals listed under it"
        )
    ordered = [signal.id for signal in rubric.signals if signal.id in set(signal_ids)]
    return conditional_update(
        scorecard=scorecard,
        position=position,
        part="signals",
        version=version,
        yours=ordered,
        signal_ids=ordered,
    )


def rating_save_notes(*, scorecard: Scorecard, position: int, notes: str, version: int) -> Saved:
    if len(notes) > NOTES_MAX_CHARS:
        raise ValueError(f"notes are limited to {NOTES_MAX_CHARS} characters")
    return conditional_update(
        scorecard=scorecard,
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
    return panelist


def panelist_seen(*, panelist: Panelist) -> None:
    Panelist.objects.filter(pk=panelist.pk).update(last_seen_at=Now())
