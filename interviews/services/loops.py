"""Loops: schedule a candidate's interviews for one hiring decision, and record that decision."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from interviews.models import CandidateLevel, Interview, Loop, LoopDecision
from interviews.services.scheduling import candidate_for, interview_schedule
from interviews.services.touch import loop_touched
from questionbank.models import Kit


@dataclass(frozen=True)
class InterviewPlan:
    """One interview of a loop, as the hiring manager plans it."""

    kit: Kit
    scheduled_at: datetime
    panel: Sequence[User]
    lead: User


def loop_schedule(
    *,
    candidate_name: str,
    candidate_email: str,
    role: str,
    plans: Sequence[InterviewPlan],
    created_by: User,
) -> Loop:
    """A loop and all its interviews, or nothing: a refusal names the interview it is about."""
    if not plans:
        raise ValidationError("A loop needs at least one interview.")
    with transaction.atomic():
        candidate = candidate_for(name=candidate_name, email=candidate_email)
        loop = Loop.objects.create(candidate=candidate, role=role.strip(), created_by=created_by)
        loop_add_interviews(loop=loop, plans=plans, created_by=created_by)
    return loop


def loop_add_interviews(
    *, loop: Loop, plans: Sequence[InterviewPlan], created_by: User
) -> list[Interview]:
    """Schedule more interviews in a loop, all or none."""
    if loop.decisions.exists():
        raise ValidationError("The loop's decision is recorded: schedule a new loop instead.")
    interviews = []
    with transaction.atomic():
        for number, plan in enumerate(plans, start=1):
            try:
                interviews.append(
                    interview_schedule(
                        loop=loop,
                        kit=plan.kit,
                        scheduled_at=plan.scheduled_at,
                        panel=plan.panel,
                        lead=plan.lead,
                        created_by=created_by,
                    )
                )
            except ValidationError as refused:
                raise ValidationError(
                    [f"Interview {number}: {message}" for message in refused.messages]
                ) from None
    return interviews


def loop_decide(
    *, loop: Loop, outcome: str, level: str, reason: str, decided_by: User
) -> LoopDecision:
    """Record the loop's hiring decision, or change it: every change is kept with its reason."""
    reason = reason.strip()
    problems = []
    if outcome not in LoopDecision.Outcome.values:
        problems.append("Choose hire or no hire.")
    if level and level not in CandidateLevel.values:
        problems.append(f"{level!r} is not a level.")
    if outcome == LoopDecision.Outcome.HIRE and not level:
        problems.append("A hire needs the level it is at.")
    if not reason:
        problems.append("A decision needs a reason.")
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        loop = Loop.objects.select_for_update().get(pk=loop.pk)
        if not loop.interviews.filter(state=Interview.State.COMPLETED).exists():
            raise ValidationError("Record a decision once at least one interview is completed.")
        current = loop.decisions.order_by("-decided_at", "-id").first()
        if current is not None and (current.outcome, current.level) == (outcome, level):
            raise ValidationError(
                f"The decision is already {current.get_outcome_display().lower()}"
                f"{' at ' + current.get_level_display() if current.level else ''}: nothing changed."
            )
        loop_touched(loop)
        return LoopDecision.objects.create(
            loop=loop,
            outcome=outcome,
            level=level,
            reason=reason,
            decided_by=decided_by,
            decided_at=timezone.now(),
        )
