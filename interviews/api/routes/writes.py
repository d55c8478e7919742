"""Writes: candidates, interviews and loops (`schedule`), feedback links (`feedback-links`).
Each goes through the service the console uses, and accepts an `Idempotency-Key`."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Status

from interviews import services
from interviews.api import idempotency, plans, schemas, selectors
from interviews.api.auth import FEEDBACK_LINKS, SCHEDULE
from interviews.api.idempotency import Outcome
from interviews.api.problems import Problem, from_django
from interviews.api.routes import router
from interviews.api.schemas import answers
from interviews.models import Candidate, Interview, Loop
from interviews.reports import services as reports
from interviews.reports.models import FeedbackLink, Report
from interviews.services.scheduling import candidate_for

IDEMPOTENCY = {
    "parameters": [
        {
            "in": "header",
            "name": "Idempotency-Key",
            "required": False,
            "schema": {"type": "string", "minLength": 1, "maxLength": 255},
            "description": "Unique per request for this API key: a retry with the same key "
            "answers with the first request's resource instead of making another.",
        }
    ]
}


def render(outcome: Outcome, response: HttpResponse, token: str | None = None):
    if outcome.replayed:
        response["Idempotent-Replayed"] = "true"
    if outcome.kind == "candidate":
        body = Candidate.objects.get(pk=outcome.pk)
    elif outcome.kind == "interview":
        body = selectors.interview_out(selectors.interviews().get(pk=outcome.pk))
    elif outcome.kind == "loop":
        body = selectors.loop_out(selectors.loops().get(pk=outcome.pk))
    else:
        body = link_out(FeedbackLink.objects.get(pk=outcome.pk), token)
    return Status(outcome.status, body)


def conflict(error: ValidationError) -> Problem:
    """A refusal about the resource's state rather than the input: 409."""
    return Problem(409, " ".join(error.messages), kind="conflict")


@router.post(
    "/candidates",
    auth=SCHEDULE,
    response=answers({200: schemas.CandidateOut, 201: schemas.CandidateOut}),
    tags=["candidates"],
    openapi_extra=IDEMPOTENCY,
)
def candidate_create(request, response: HttpResponse, data: schemas.CandidateIn):
    """201 with a new candidate; 200 with the existing one when the email is known (emails are
    unique, whatever their case)."""

    def write() -> Outcome:
        known = Candidate.objects.filter(email__iexact=data.email).exists()
        candidate = candidate_for(name=data.name, email=data.email)
        return Outcome(200 if known else 201, "candidate", candidate.pk)

    return render(idempotency.run(request, write), response)


@router.post(
    "/interviews",
    auth=SCHEDULE,
    response=answers({201: schemas.InterviewOut}),
    tags=["interviews"],
    openapi_extra=IDEMPOTENCY,
)
def interview_create(request, response: HttpResponse, data: schemas.InterviewIn):
    """Schedule an interview: in a loop of its own for `candidate`, or in the loop `loop_id`."""
    if (data.candidate is None) == (data.loop_id is None):
        raise plans.refused("body.candidate", "give either `candidate` or `loop_id`")
    plan = plans.plan_of(data, field="body")
    loop = None
    if data.loop_id is not None:
        loop = Loop.objects.filter(pk=data.loop_id).first()
        if loop is None:
            raise plans.refused("body.loop_id", "no such loop")

    def write() -> Outcome:
        try:
            interview = services.interview_schedule(
                kit=plan.kit,
                scheduled_at=plan.scheduled_at,
                panel=plan.panel,
                lead=plan.lead,
                loop=loop,
                candidate_name=data.candidate.name if data.candidate else "",
                candidate_email=data.candidate.email if data.candidate else "",
                created_by=request.auth.created_by,
            )
        except ValidationError as error:
            raise from_django(error) from None
        return Outcome(201, "interview", interview.pk)

    return render(idempotency.run(request, write), response)


@router.post(
    "/loops",
    auth=SCHEDULE,
    response=answers({201: schemas.LoopOut}),
    tags=["loops"],
    openapi_extra=IDEMPOTENCY,
)
def loop_create(request, response: HttpResponse, data: schemas.LoopIn):
    """Schedule a loop and all its interviews, or nothing."""
    plans_ = [plans.plan_of(p, field=f"body.interviews.{i}") for i, p in enumerate(data.interviews)]

    def write() -> Outcome:
        try:
            loop = services.loop_schedule(
                candidate_name=data.candidate.name,
                candidate_email=data.candidate.email,
                role=data.role,
                plans=plans_,
                created_by=request.auth.created_by,
            )
        except ValidationError as error:
            raise from_django(error) from None
        return Outcome(201, "loop", loop.pk)

    return render(idempotency.run(request, write), response)


@router.post(
    "/interviews/{id:interview_id}/cancel",
    auth=SCHEDULE,
    response=answers({200: schemas.InterviewOut}),
    tags=["interviews"],
)
def interview_cancel(request, interview_id: int):
    """Cancel an interview that is not completed; cancelling twice is harmless."""
    interview = get_object_or_404(selectors.bare_interviews(), pk=interview_id)
    try:
        services.interview_cancel(interview=interview)
    except ValidationError as error:
        raise conflict(error) from None
    return selectors.interview_out(selectors.interviews().get(pk=interview_id))


@router.post(
    "/interviews/{id:interview_id}/reschedule",
    auth=SCHEDULE,
    response=answers({200: schemas.InterviewOut}),
    tags=["interviews"],
)
def interview_reschedule(request, interview_id: int, data: schemas.RescheduleIn):
    """Move an interview that has not started."""
    interview = get_object_or_404(selectors.bare_interviews(), pk=interview_id)
    try:
        services.interview_reschedule(interview=interview, scheduled_at=data.scheduled_at)
    except ValidationError as error:
        raise conflict(error) from None
    return selectors.interview_out(selectors.interviews().get(pk=interview_id))


def link_out(link: FeedbackLink, token: str | None) -> schemas.FeedbackLinkOut:
    return schemas.FeedbackLinkOut(
        id=link.pk,
        url=reverse("reports:feedback", kwargs={"token": token}) if token else None,
        report_id=link.report_id,
        loop_id=link.loop_id,
        share_level=link.share_level,
        expires_at=link.expires_at,
        state=link.state,
        created_at=link.created_at,
    )


@router.post(
    "/feedback-links",
    auth=FEEDBACK_LINKS,
    response=answers({201: schemas.FeedbackLinkOut}),
    tags=["feedback links"],
    openapi_extra=IDEMPOTENCY,
)
def feedback_link_create(request, response: HttpResponse, data: schemas.FeedbackLinkIn):
    """A private link for the candidate to an interview's latest report, or to a loop's reports.
    Its `url` is in this answer only: a replay (same Idempotency-Key) has `url: null`; revoke that
    link and create another if the first answer was lost."""
    if (data.interview_id is None) == (data.loop_id is None):
        raise plans.refused("body.interview_id", "give either `interview_id` or `loop_id`")
    report = loop = None
    if data.interview_id is not None:
        interview = get_object_or_404(Interview.objects.only("id"), pk=data.interview_id)
        report = Report.objects.filter(interview=interview).order_by("-built_at", "-id").first()
        if report is None:
            raise Problem(409, "The interview has no report yet.", kind="conflict")
    else:
        loop = get_object_or_404(Loop, pk=data.loop_id)
    made: dict[str, str] = {}

    def write() -> Outcome:
        try:
            link, made["token"] = reports.feedback_link_create(
                created_by=request.auth.created_by,
                expires_at=data.expires_at or reports.default_link_expiry(),
                share_level=data.share_level,
                report=report,
                loop=loop,
            )
        except ValidationError as error:
            raise conflict(error) from None
        return Outcome(201, "feedback-link", link.pk)

    outcome = idempotency.run(request, write)
    answer = render(outcome, response, made.get("token"))
    if answer.value.url:
        answer.value.url = request.build_absolute_uri(answer.value.url)
    return answer


@router.post(
    "/feedback-links/{id:link_id}/revoke",
    auth=FEEDBACK_LINKS,
    response=answers({200: schemas.FeedbackLinkOut}),
    tags=["feedback links"],
)
def feedback_link_revoke(request, link_id: int):
    """Revoke one link: its next use is a 404. Revoking twice is harmless."""
    link = get_object_or_404(FeedbackLink, pk=link_id)
    return link_out(
        reports.feedback_link_revoke(link=link, revoked_by=request.auth.created_by), None
    )
