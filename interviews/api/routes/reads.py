"""Read operations: candidates, interviews, loops, submitted scorecards, reports, kits, questions.
Every one needs the `read` scope; notes need `notes:read` on top."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query

from interviews.api import schemas, selectors
from interviews.api.auth import sees_notes
from interviews.api.pagination import paginate
from interviews.api.problems import Problem
from interviews.api.routes import router
from interviews.api.schemas import answers


class CandidateQuery(schemas.ListQuery):
    email: str | None = schemas.Field(None, description="Find the candidate with this email.")


@router.get("/candidates", response=answers({200: schemas.CandidatePage}), tags=["candidates"])
def candidate_list(request, query: Query[CandidateQuery]):
    """Candidates, as a feed of changes (oldest first); `email` finds one by email."""
    rows = selectors.candidates()
    if query.email is not None:
        rows = rows.filter(email__iexact=query.email.strip())
    page = paginate(rows, cursor=query.cursor, limit=query.limit, updated_since=query.updated_since)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get(
    "/candidates/{id:candidate_id}",
    response=answers({200: schemas.CandidateOut}),
    tags=["candidates"],
)
def candidate_get(request, candidate_id: int):
    return get_object_or_404(selectors.candidates(), pk=candidate_id)


class InterviewQuery(schemas.ListQuery):
    candidate_id: schemas.Id | None = None
    loop_id: schemas.Id | None = None


@router.get("/interviews", response=answers({200: schemas.InterviewPage}), tags=["interviews"])
def interview_list(request, query: Query[InterviewQuery]):
    """Interviews, as a feed of changes (oldest first): a state change, a reschedule, a submitted
    or amended scorecard each move an interview's `updated_at`."""
    rows = selectors.interviews()
    if query.candidate_id is not None:
        rows = rows.filter(candidate_id=query.candidate_id)
    if query.loop_id is not None:
        rows = rows.filter(loop_id=query.loop_id)
    page = paginate(rows, cursor=query.cursor, limit=query.limit, updated_since=query.updated_since)
    return {
        "items": selectors.interviews_out(page.items),
        "next_cursor": page.next_cursor,
    }


@router.get(
    "/interviews/{id:interview_id}",
    response=answers({200: schemas.InterviewOut}),
    tags=["interviews"],
)
def interview_get(request, interview_id: int):
    return selectors.interview_out(get_object_or_404(selectors.interviews(), pk=interview_id))


class LoopQuery(schemas.ListQuery):
    candidate_id: schemas.Id | None = None


@router.get("/loops", response=answers({200: schemas.LoopPage}), tags=["loops"])
def loop_list(request, query: Query[LoopQuery]):
    rows = selectors.loops()
    if query.candidate_id is not None:
        rows = rows.filter(candidate_id=query.candidate_id)
    page = paginate(rows, cursor=query.cursor, limit=query.limit, updated_since=query.updated_since)
    return {
        "items": [selectors.loop_out(row) for row in page.items],
        "next_cursor": page.next_cursor,
    }


@router.get("/loops/{id:loop_id}", response=answers({200: schemas.LoopOut}), tags=["loops"])
def loop_get(request, loop_id: int):
    return selectors.loop_out(get_object_or_404(selectors.loops(), pk=loop_id))


@router.get(
    "/interviews/{id:interview_id}/scorecards",
    response=answers({200: list[schemas.ScorecardOut]}),
    tags=["scorecards"],
)
def scorecard_list(request, interview_id: int):
    """The interview's submitted scorecards; an open one is never shown, not even that it exists."""
    get_object_or_404(selectors.bare_interviews(), pk=interview_id)
    cards = list(selectors.submitted_scorecards().filter(interview_id=interview_id))
    return selectors.scorecards_out(cards, notes=sees_notes(request))


@router.get(
    "/scorecards/{id:scorecard_id}",
    response=answers({200: schemas.ScorecardOut}),
    tags=["scorecards"],
)
def scorecard_get(request, scorecard_id: int):
    card = get_object_or_404(selectors.submitted_scorecards(), pk=scorecard_id)
    return selectors.scorecards_out([card], notes=sees_notes(request))[0]


@router.get(
    "/interviews/{id:interview_id}/report",
    response=answers({200: schemas.ReportOut}),
    tags=["reports"],
)
def report_get(request, interview_id: int):
    """The report's status and, once built, its content as built."""
    interview = get_object_or_404(selectors.bare_interviews(), pk=interview_id)
    return selectors.report_out(interview, notes=sees_notes(request))


@router.get(
    "/interviews/{id:interview_id}/report.pdf",
    response=answers({200: None}),
    tags=["reports"],
    openapi_extra={
        "responses": {
            200: {
                "description": "The report's PDF as rendered when it was built.",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def report_pdf(request, interview_id: int):
    """The stored PDF: the hiring managers' copy, or the panel's (notes quoted) with
    `notes:read`."""
    interview = get_object_or_404(selectors.bare_interviews(), pk=interview_id)
    document = selectors.report_pdf(interview, notes=sees_notes(request))
    if document is None:
        raise Problem(404, "The interview has no built report yet.", kind="not-found")
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="interview-{interview_id}-report.pdf"'
    return response


@router.get("/kits", response=answers({200: schemas.KitPage}), tags=["question bank"])
def kit_list(request, query: Query[schemas.ListQuery]):
    page = paginate(
        selectors.kits(), cursor=query.cursor, limit=query.limit, updated_since=query.updated_since
    )
    return {"items": [selectors.kit_out(k) for k in page.items], "next_cursor": page.next_cursor}


@router.get("/kits/{slug}", response=answers({200: schemas.KitOut}), tags=["question bank"])
def kit_get(request, slug: str):
    return selectors.kit_out(get_object_or_404(selectors.kits(), slug=slug))


@router.get("/questions", response=answers({200: schemas.QuestionPage}), tags=["question bank"])
def question_list(request, query: Query[schemas.ListQuery]):
    page = paginate(
        selectors.questions(),
        cursor=query.cursor,
        limit=query.limit,
        updated_since=query.updated_since,
    )
    return {
        "items": [selectors.question_out(q) for q in page.items],
        "next_cursor": page.next_cursor,
    }


@router.get(
    "/questions/{slug}", response=answers({200: schemas.QuestionOut}), tags=["question bank"]
)
def question_get(request, slug: str):
    return selectors.question_out(get_object_or_404(selectors.questions(), slug=slug))
