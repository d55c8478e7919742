from collections.abc import Sequence
from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from config.text import no_control_characters
from interviews.models import (
    Candidate,
    Interview,
    InterviewQuestion,
    Loop,
    Panelist,
    Rating,
    Scorecard,
)
from interviews.services.touch import interview_touched
from interviews.signals import interview_cancelled, interview_scheduled, lead_on_question
from interviews.tasks import invites_on_commit
from questionbank.content import flat
from questionbank.models import Kit, KitQuestion, Question
from questionbank.rules import KitTiming


def candidate_for(*, name: str, email: str) -> Candidate:
    """The candidate with this email (case-insensitive), created with this name if new. A name or
    email with a control character (a line break would split an email header) is refused."""
    for field, value in (("candidate_name", name), ("candidate_email", email)):
        try:
            no_control_characters(value)
        except ValidationError as refused:
            raise ValidationError({field: refused}) from None
    candidate, _ = Candidate.objects.get_or_create(
        email=email.strip().lower(), defaults={"name": name.strip()}
    )
    return candidate


def interview_schedule(
    *,
    kit: Kit,
    scheduled_at: datetime,
    panel: Sequence[User],
    lead: User,
    loop: Loop | None = None,
    candidate_name: str = "",
    candidate_email: str = "",
    created_by: User | None = None,
) -> Interview:
    """Create an interview pinning the kit's current revisions, its panel and empty scorecards.

    It joins `loop` (its candidate is the loop's); without one, it is a loop of one for the
    candidate named. Every rating row exists from the start, so that scoring is always a plain
    conditional UPDATE.
    Refused (ValidationError, nothing written), with a message naming what is wrong: a kit without
    a slot (a collection of the bank, not an interview), a kit holding a retired or unpublished
    question, a kit that does not fit its slot, an empty kit, a panel without its lead.
    """
    panel = list(dict.fromkeys(panel))
    if not panel:
        raise ValidationError("A panel needs at least one interviewer.")
    if lead not in panel:
        raise ValidationError("The lead must be on the panel.")
    if loop is None and not candidate_email.strip():
        raise ValidationError("An interview needs a candidate: a loop, or a name and an email.")
    if not kit.is_interview:
        raise ValidationError(
            f"The kit “{kit}” ({kit.slug}) has no slot: it is a collection of the bank, not an "
            "interview. Schedule a kit with a slot."
        )
    with transaction.atomic():
        # The kit's questions are locked (in id order, as the question bank's services lock
        # them) so that none is retired between this check and the pinning below.
        list(
            Question.objects.select_for_update(of=("self",))
            .filter(kit_entries__kit=kit)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        entries = list(
            kit.entries.select_related("question__current_revision").order_by("position")
        )
        problems = _unschedulable(kit, entries)
        if problems:
            raise ValidationError(problems)
        if loop is None:
            candidate = candidate_for(name=candidate_name, email=candidate_email)
            loop = Loop.objects.create(candidate=candidate, created_by=created_by)
        interview = Interview.objects.create(
            candidate_id=loop.candidate_id,
            loop=loop,
            kit=kit,
            scheduled_at=scheduled_at,
            created_by=created_by,
        )
        questions = InterviewQuestion.objects.bulk_create(
            InterviewQuestion(
                interview=interview,
                revision=entry.question.current_revision,
                position=index,
                minutes=entry.minutes,
                weight=entry.weight,
            )
            for index, entry in enumerate(entries, start=1)
        )
        panelists = Panelist.objects.bulk_create(
            Panelist(interview=interview, user=user, is_lead=user == lead) for user in panel
        )
        scorecards = Scorecard.objects.bulk_create(
            Scorecard(interview=interview, interviewer=panelist.user, panelist=panelist)
            for panelist in panelists
        )
        Rating.objects.bulk_create(
            Rating(scorecard=scorecard, interview_question=question)
            for scorecard in scorecards
            for question in questions
        )
        # Inside the transaction: what receivers write (a webhook's outbox row) commits with it.
        interview_scheduled.send(sender=Interview, interview_id=interview.pk)
        invites_on_commit(interview.pk)
        interview_touched(interview)  # the loop now holds it
    return interview


def _unschedulable(kit: Kit, entries: list[KitQuestion]) -> list[str]:
    """Why interviews can't be scheduled on this kit today, each naming what is wrong."""
    if not entries:
        return [f"The kit “{kit}” ({kit.slug}) has no questions."]

    def named(questions: list[Question]) -> str:
        return ", ".join(
            f"{question.slug} (“{question.title}”)"
            for question in sorted(questions, key=lambda question: question.slug)
        )

    questions = [entry.question for entry in entries]
    retired = [question for question in questions if question.status == Question.Status.RETIRED]
    unpublished = [
        question
        for question in questions
        if question not in retired
        and (question.status != Question.Status.PUBLISHED or question.current_revision is None)
    ]
    problems = []
    if retired:
        problems.append(
            f"The kit “{kit}” holds {_count(retired, 'retired question')}: {named(retired)}. "
            "Take retired questions out of the kit, or restore them, before scheduling."
        )
    if unpublished:
        problems.append(
            f"The kit “{kit}” holds {_count(unpublished, 'question')} not published yet: "
            f"{named(unpublished)}."
        )
    timing = KitTiming.of(
        slot_minutes=kit.slot_minutes,
        intro_minutes=kit.intro_minutes,
        closing_minutes=kit.closing_minutes,
        minutes=(entry.minutes for entry in entries),
    )
    problems += [f"The kit “{kit}”: {problem}." for problem in flat(timing.problems())]
    return problems


def _count(items: list, noun: str) -> str:
    return f"a {noun}" if len(items) == 1 else f"{len(items)} {noun}s"


def interview_start(*, interview: Interview) -> Interview:
    """Go live: the total timer runs from here, and every panelist starts on question 1."""
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        if interview.state != Interview.State.SCHEDULED:
            return interview
        now = timezone.now()
        interview.state = Interview.State.LIVE
        interview.started_at = now
        interview.save(update_fields=["state", "started_at"])
        interview.panelists.update(current_position=1, focus_started_at=now)
        interview_touched(interview)
        Rating.objects.filter(
            scorecard__interview=interview, interview_question__position=1
        ).update(opened_at=now)
        lead_on_question.send(sender=Interview, interview_id=interview.pk, position=1)
    return interview


def interview_cancel(*, interview: Interview) -> Interview:
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        if interview.state == Interview.State.COMPLETED:
            raise ValidationError("A completed interview cannot be cancelled.")
        if interview.state == Interview.State.CANCELLED:
            return interview  # cancelling twice changes nothing and sends nothing
        interview.state = Interview.State.CANCELLED
        interview.calendar_sequence += 1
        interview.save(update_fields=["state", "calendar_sequence"])
        Rating.objects.filter(scorecard__interview=interview).update(locked=True)
        invites_on_commit(interview.pk)
        interview_cancelled.send(sender=Interview, interview_id=interview.pk)
        interview_touched(interview)
    return interview


def interview_reschedule(*, interview: Interview, scheduled_at: datetime) -> Interview:
    """Move an interview that has not started; the lead or a hiring manager does this."""
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        if interview.state != Interview.State.SCHEDULED:
            raise ValidationError(
                f"The interview is {interview.state}; only one not yet started moves."
            )
        if interview.scheduled_at == scheduled_at:
            return interview  # the same time again: no new invite
        interview.scheduled_at = scheduled_at
        interview.calendar_sequence += 1
        interview.save(update_fields=["scheduled_at", "calendar_sequence"])
        invites_on_commit(interview.pk)
        interview_touched(interview)
    return interview
