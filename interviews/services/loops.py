"""Loops: schedule a candidate's interviews for one hiring decision, and record that decision."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from interviews.models import Candidate, CandidateLevel, Interview, Loop, LoopDecision
from interviews.selectors import (
    OPEN_STATES,
    open_loop_of,
    panel_bookings,
    person_name,
    slot_minutes,
)
from interviews.services.scheduling import candidate_for, interview_schedule
from interviews.signals import decision_recorded
from questionbank.models import Kit


@dataclass(frozen=True)
class InterviewPlan:
    """One interview of a loop, as the hiring manager plans it."""

    kit: Kit
    scheduled_at: datetime
    panel: Sequence[User]
    lead: User

    @property
    def end(self) -> datetime:
        return self.scheduled_at + timedelta(minutes=slot_minutes(self.kit))


@dataclass(frozen=True)
class PlanProblem:
    """What is wrong with one interview of a plan: its position among the plans (from 0), the
    field it is about, and a message naming the person and the other interview."""

    index: int
    field: str
    message: str


def plan_problems(
    plans: Sequence[InterviewPlan], *, exclude_interview_id: int | None = None
) -> list[PlanProblem]:
    """Panelists booked twice: on a scheduled or live interview that overlaps (each interview
    lasting its kit's slot), or on two overlapping interviews of these plans."""
    problems = []
    for index, plan in enumerate(plans):
        bookings = panel_bookings(
            user_ids=[user.pk for user in plan.panel],
            start=plan.scheduled_at,
            minutes=slot_minutes(plan.kit),
            exclude_interview_id=exclude_interview_id,
        )
        problems += [PlanProblem(index, "panel", f"{booking}.") for booking in bookings]
        for earlier_index, earlier in enumerate(plans[:index]):
            if not (earlier.scheduled_at < plan.end and plan.scheduled_at < earlier.end):
                continue
            start, end = timezone.localtime(earlier.scheduled_at), timezone.localtime(earlier.end)
            problems += [
                PlanProblem(
                    index,
                    "panel",
                    f"{person_name(user)} is also on interview {earlier_index + 1} of this loop, "
                    f"{start:%-d %b %H:%M} to {end:%H:%M}.",
                )
                for user in plan.panel
                if user in earlier.panel
            ]
    return problems


def open_loop_message(loop: Loop) -> str:
    return (
        f"{loop.candidate} already has an open loop ({loop.role or 'no role given'}, created "
        f"{timezone.localtime(loop.created_at):%-d %b %Y}, no decision yet): add these interviews "
        "to it, or record its decision before starting a new one."
    )


def loop_schedule(
    *,
    candidate_name: str,
    candidate_email: str,
    role: str,
    plans: Sequence[InterviewPlan],
    created_by: User,
) -> Loop:
    """A loop and all its interviews, or nothing: a refusal names the interview it is about.

    A candidate has at most one open (undecided) loop: a new one while another is open is refused,
    naming it, so that one hiring decision's interviews stay together.
    """
    if not plans:
        raise ValidationError("A loop needs at least one interview.")
    with transaction.atomic():
        candidate = candidate_for(name=candidate_name, email=candidate_email)
        # Locked so that two schedules for one candidate at once cannot both open a loop.
        Candidate.objects.select_for_update().filter(pk=candidate.pk).exists()
        still_open = open_loop_of(candidate_email)
        if still_open is not None:
            raise ValidationError({"candidate_email": open_loop_message(still_open)})
        loop = Loop.objects.create(candidate=candidate, role=role.strip(), created_by=created_by)
        loop_add_interviews(loop=loop, plans=plans, created_by=created_by)
    return loop


def loop_add_interviews(
    *, loop: Loop, plans: Sequence[InterviewPlan], created_by: User
) -> list[Interview]:
    """Schedule more interviews in a loop, all or none. A panelist booked twice (see
    plan_problems) is refused, naming them and the other interview."""
    if loop.decisions.exists():
        raise ValidationError("The loop's decision is recorded: schedule a new loop instead.")
    interviews = []
    with transaction.atomic():
        # The panel's people are locked (in id order) so that two schedules at once cannot book
        # one person twice between the check and the writes.
        people = {user.pk for plan in plans for user in plan.panel}
        list(User.objects.select_for_update().filter(pk__in=people).order_by("pk").values("pk"))
        problems = plan_problems(plans)
        if problems:
            raise ValidationError(
                [f"Interview {problem.index + 1}: {problem.message}" for problem in problems]
            )
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
    *,
    loop: Loop,
    outcome: str,
    level: str,
    reason: str,
    decided_by: User,
    decide_with_open_interviews: bool = False,
) -> LoopDecision:
    """Record the loop's hiring decision, or change it: every change is kept with its reason.

    While an interview of the loop is still scheduled or live, the panel's evidence is not all in:
    the decision is refused, naming those interviews, unless the manager says they decide anyway
    (`decide_with_open_interviews`); the decision then records which were open.
    """
    reason = reason.strip()
    problems = []
    if outcome not in LoopDecision.Outcome.values:
        problems.append("Choose hire or no hire.")
    if level and level not in CandidateLevel.values:
        problems.append(f"{level!r} is not a level.")
    if outcome == LoopDecision.Outcome.HIRE and not level:
        problems.append("A hire needs the level it is at.")
    if outcome == LoopDecision.Outcome.NO_HIRE and level:
        problems.append(NO_HIRE_HAS_NO_LEVEL)
    if not reason:
        problems.append("A decision needs a reason.")
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        loop = Loop.objects.select_for_update().get(pk=loop.pk)
        if not loop.interviews.filter(state=Interview.State.COMPLETED).exists():
            raise ValidationError("Record a decision once at least one interview is completed.")
        still_open = open_interviews_of(loop)
        if still_open and not decide_with_open_interviews:
            raise ValidationError(
                f"{_still_open(still_open)}: record the decision once "
                f"{'it is' if len(still_open) == 1 else 'they are'} completed or cancelled, or "
                "tick “decide with interviews still open” to decide without their evidence."
            )
        current = loop.decisions.order_by("-decided_at", "-id").first()
        if current is not None and (current.outcome, current.level) == (outcome, level):
            raise ValidationError(
                f"The decision is already {current.get_outcome_display().lower()}"
                f"{' at ' + current.get_level_display() if current.level else ''}: nothing changed."
            )
        decision = LoopDecision.objects.create(
            loop=loop,
            outcome=outcome,
            level=level,
            reason=reason,
            decided_by=decided_by,
            decided_at=timezone.now(),
            open_interviews="; ".join(open_interview_label(i) for i in still_open)[:1_000],
        )
        decision_recorded.send(sender=Loop, loop_id=loop.pk, decision_id=decision.pk)
        return decision


NO_HIRE_HAS_NO_LEVEL = "A no-hire has no level: choose “No level (no hire)”."


def open_interviews_of(loop: Loop) -> list[Interview]:
    """The loop's interviews not yet completed or cancelled, in the order they take place."""
    return list(
        loop.interviews.filter(state__in=OPEN_STATES)
        .select_related("kit")
        .order_by("scheduled_at", "pk")
    )


def open_interview_label(interview: Interview) -> str:
    when = timezone.localtime(interview.scheduled_at)
    return f"{interview.kit.name}, {when:%-d %b %H:%M} ({interview.get_state_display().lower()})"


def _still_open(interviews: list[Interview]) -> str:
    count = len(interviews)
    noun = "interview of the loop is" if count == 1 else "interviews of the loop are"
    labels = "; ".join(open_interview_label(interview) for interview in interviews)
    return f"{count} {noun} still open: {labels}"
