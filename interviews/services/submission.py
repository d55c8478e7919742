from collections.abc import Mapping

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from interviews.models import (
    Amendment,
    CandidateLevel,
    Interview,
    Panelist,
    Rating,
    Recommendation,
    Scorecard,
)
from interviews.services.scoring import accrue_focus_time
from interviews.services.touch import interview_touched
from interviews.signals import interview_completed, scorecard_amended, scorecard_submitted


class ScorecardIncomplete(Exception):
    """Submitting needs every asked question settled, a recommendation and a level."""

    def __init__(self, missing: list[str]):
        super().__init__("; ".join(missing))
        self.missing = missing


class ScorecardNotSubmitted(Exception):
    """Amending is for a submitted scorecard: a draft is edited directly (a state conflict, not
    bad input)."""


def scorecard_missing(scorecard: Scorecard, recommendation: str, level: str) -> list[str]:
    missing = []
    ratings = Rating.objects.filter(scorecard=scorecard).select_related(
        "interview_question__revision"
    )
    for rating in ratings:
        asked = rating.opened_at is not None or rating.notes or rating.signal_ids
        if asked and not rating.is_settled:
            question = rating.interview_question
            missing.append(
                f"Question {question.position} ({question.revision.title}): "
                "rate it or skip it with a reason"
            )
    if not any(rating.is_settled for rating in ratings):
        missing.append("Rate at least one question")
    if recommendation not in Recommendation.values:
        missing.append("Choose an overall recommendation")
    if level not in CandidateLevel.values:
        missing.append("Choose a level")
    return missing


def scorecard_submit(
    *, scorecard: Scorecard, recommendation: str, level: str, summary: str
) -> Scorecard:
    """Lock the scorecard; the interview completes when the last panelist submits."""
    with transaction.atomic():
        scorecard = (
            Scorecard.objects.select_for_update().select_related("interview").get(pk=scorecard.pk)
        )
        if scorecard.submitted_at is not None:
            return scorecard  # a repeated submit (double click, retry) is harmless
        if scorecard.interview.state != Interview.State.LIVE:
            raise ScorecardIncomplete([f"The interview is {scorecard.interview.state}."])
        # Lock the ratings first: a live write in flight either lands before this and is part of
        # what is checked and submitted, or waits and then finds its row locked. The same
        # statement keeps each level as submitted, which amendments never change.
        Rating.objects.filter(scorecard=scorecard).update(locked=True, submitted_level=F("level"))
        missing = scorecard_missing(scorecard, recommendation, level)
        if missing:
            raise ScorecardIncomplete(missing)
        now = timezone.now()
        panelist = Panelist.objects.select_for_update().get(pk=scorecard.panelist_id)
        accrue_focus_time(panelist, now)
        panelist.focus_started_at = None
        panelist.save(update_fields=["focus_started_at"])
        scorecard.recommendation = recommendation
        scorecard.level = level
        scorecard.summary = summary.strip()
        scorecard.submitted_at = now
        scorecard.save()
        scorecard_submitted.send(
            sender=Scorecard, interview_id=scorecard.interview_id, scorecard_id=scorecard.pk
        )
        interview_touched(scorecard.interview)
        interview_complete_if_done(interview=scorecard.interview, now=now)
    return scorecard


def interview_complete_if_done(*, interview: Interview, now) -> bool:
    # Lock the interview so that two panelists submitting at once cannot both miss the moment.
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.state != Interview.State.LIVE:
        return False
    if interview.scorecards.filter(submitted_at__isnull=True).exists():
        return False
    interview.state = Interview.State.COMPLETED
    interview.completed_at = now
    interview.save(update_fields=["state", "completed_at"])
    # Sent inside this transaction: what the receivers write (the report request, an outbox row)
    # commits with the completion or not at all.
    interview_completed.send(sender=Interview, interview_id=interview.pk)
    return True


# The scorecard's own fields an amendment changes, each with its choices (None: free text).
AMENDABLE = {"recommendation": Recommendation, "level": CandidateLevel, "summary": None}
RATING_LEVELS = (1, 2, 3, 4)


def others_submitted(scorecard: Scorecard) -> bool:
    """Whether another panelist's submitted scorecard was readable: one committed before this
    statement (a submit still in flight could not have been read)."""
    return (
        Scorecard.objects.filter(interview_id=scorecard.interview_id, submitted_at__isnull=False)
        .exclude(pk=scorecard.pk)
        .exists()
    )


def scorecard_amend(
    *,
    scorecard: Scorecard,
    author,
    reason: str,
    recommendation: str | None = None,
    level: str | None = None,
    summary: str | None = None,
    ratings: Mapping[int, int] | None = None,
) -> Amendment:
    """Change a submitted scorecard and record who, when, what and why.

    Each overall field given (not None) takes its new value; `ratings` maps a question's position
    to its new anchor level (1-4). Refused with ValueError, nothing changed: a value that is not a
    choice, a position the interview does not have, no change at all; with ScorecardNotSubmitted
    for a scorecard not submitted yet.
    """
    reason = reason.strip()
    if not reason:
        raise ValueError("An amendment needs a reason.")
    overall = {"recommendation": recommendation, "level": level, "summary": summary}
    with transaction.atomic():
        scorecard = (
            Scorecard.objects.select_for_update(of=("self",))
            .select_related("interview")
            .get(pk=scorecard.pk)
        )
        if scorecard.submitted_at is None:
            raise ScorecardNotSubmitted(
                "Only a submitted scorecard is amended; edit it directly instead."
            )
        recorded: dict[str, list] = {}
        for name, new in overall.items():
            if new is None:
                continue
            choices = AMENDABLE[name]
            if choices is not None and new not in choices.values:
                raise ValueError(f"{name}: {new!r} is not a valid choice")
            old = getattr(scorecard, name)
            if old != new:
                setattr(scorecard, name, new)
                recorded[name] = [old, new]
        for position, new_level in (ratings or {}).items():
            if type(new_level) is not int or new_level not in RATING_LEVELS:
                raise ValueError(f"question {position}: level {new_level!s:.10} is outside 1-4")
            rating = (
                Rating.objects.select_for_update()
                .filter(scorecard=scorecard, interview_question__position=position)
                .first()
            )
            if rating is None:
                raise ValueError(f"question {position} is not part of this interview")
            if rating.level != new_level:
                recorded[Amendment.question_key(position)] = [rating.level, new_level]
                rating.level, rating.skipped, rating.skip_reason = new_level, False, ""
                rating.level_version += 1
                rating.save()
        if not recorded:
            raise ValueError("Nothing changed.")
        scorecard.save()
        interview_touched(scorecard.interview)
        amendment = Amendment.objects.create(
            scorecard=scorecard,
            author=author,
            changes=recorded,
            reason=reason,
            after_reading=others_submitted(scorecard),
        )
        # A completed interview's report was built from the old values: the reports app asks for
        # it again, in this transaction.
        scorecard_amended.send(
            sender=Scorecard,
            interview_id=scorecard.interview_id,
            scorecard_id=scorecard.pk,
            author=author,
        )
        return amendment
