"""What the API sends and accepts, typed: the OpenAPI document is generated from these."""

from datetime import datetime
from typing import Annotated

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from ninja import Field, Schema
from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict

from interviews.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, PageOut
from interviews.api.problems import ProblemOut

# Every operation may answer these, all as problem details.
ERRORS = frozenset({400, 401, 403, 404, 409, 422, 429})


def answers(ok: dict) -> dict:
    return ok | {ERRORS: ProblemOut}


# A primary key as a client sends it: bounded like the `id` path converter (config/converters.py),
# so that an oversized number is a 422 naming the field, never a database error.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


def iso_only(value):
    """A time as the document says (RFC 3339 text), not pydantic's lax reading of a number as a
    Unix timestamp, which would take `updated_since=0.5` for 1970."""
    if not isinstance(value, str):
        raise ValueError("a date-time as text, e.g. 2026-05-04T09:30:00Z")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("an ISO 8601 date-time with its zone, e.g. 2026-05-04T09:30:00Z") from None


Moment = Annotated[AwareDatetime, BeforeValidator(iso_only)]


class Built(BaseModel):
    """An answer the API builds field by field (selectors.py): a plain pydantic model. Ninja's
    Schema reads every field through its Django attribute getter, which a page of 50 interviews
    with their panels paid for thousands of times (a third of the request's CPU)."""


class In(Schema):
    """A request body, read strictly: `"5"` is not a number nor `1` a boolean, as the document
    says, so that a client's type mistake is a 422 naming the field rather than a guess."""

    model_config = ConfigDict(strict=True)


# --- Shared query parameters -------------------------------------------------------------------


class ListQuery(Schema):
    cursor: str | None = Field(None, description="`next_cursor` of the previous page.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    updated_since: Moment | None = Field(
        None,
        description="Only rows changed at or after this time (ISO 8601 with a zone). Poll with "
        "some overlap: a change is stamped when its transaction runs, not when it commits.",
    )


# --- Resources ---------------------------------------------------------------------------------


class CandidateOut(Schema):
    id: int
    name: str
    email: str
    created_at: datetime
    updated_at: datetime


class CandidatePage(PageOut):
    items: list[CandidateOut]


class PanelistOut(Built):
    name: str
    email: str
    lead: bool


class InterviewOut(Built):
    id: int
    candidate_id: int
    loop_id: int
    kit: str = Field(description="The kit's slug.")
    state: str
    scheduled_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    panel: list[PanelistOut]
    created_at: datetime
    updated_at: datetime


class InterviewPage(PageOut):
    items: list[InterviewOut]


class DecisionOut(Built):
    outcome: str
    level: str
    decided_at: datetime


class LoopOut(Built):
    id: int
    candidate_id: int
    role: str
    interview_ids: list[int]
    decision: DecisionOut | None
    created_at: datetime
    updated_at: datetime


class LoopPage(PageOut):
    items: list[LoopOut]


class SignalOut(Built):
    id: int
    level: int
    text: str


class RatingOut(Built):
    position: int
    question: str = Field(description="The question's slug.")
    revision: int
    title: str
    level: int | None = Field(description="1 to 4; null when skipped or not asked.")
    skipped: bool
    skip_reason: str
    signals: list[SignalOut] = Field(description="The rubric's signals the interviewer heard.")
    notes: str | None = Field(description="The interviewer's notes; null without `notes:read`.")


class ScorecardOut(Built):
    id: int
    interview_id: int
    interviewer: str
    interviewer_email: str
    recommendation: str
    level: str
    summary: str
    submitted_at: datetime
    ratings: list[RatingOut]


class ReportOut(Built):
    interview_id: int
    status: str = Field(description="none, pending, building, ready or failed.")
    report_id: int | None
    built_at: datetime | None
    overall_score: str | None
    level: str | None
    content: dict | None = Field(
        description="The report as built; the panel's notes only with `notes:read`."
    )


class KitQuestionOut(Built):
    position: int
    question: str
    minutes: int
    weight: int


class KitOut(Built):
    slug: str
    name: str
    description: str
    target_level: str
    slot_minutes: int | None
    is_interview: bool
    questions: list[KitQuestionOut]
    updated_at: datetime


class KitPage(PageOut):
    items: list[KitOut]


class QuestionOut(Built):
    slug: str
    topic: str
    status: str
    revision: int | None
    title: str
    target_level: str
    expected_minutes: int | None
    updated_at: datetime


class QuestionPage(PageOut):
    items: list[QuestionOut]


# --- Writes ------------------------------------------------------------------------------------


def checked_email(value: str) -> str:
    value = value.strip().lower()
    try:
        validate_email(value)
    except DjangoValidationError:
        raise ValueError("not an email address") from None
    return value


Email = Annotated[str, Field(max_length=254), AfterValidator(checked_email)]


def one_line(value: str) -> str:
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValueError("control characters (line breaks, tabs) are not allowed")
    return value.strip()


Line = Annotated[str, AfterValidator(one_line)]


class CandidateIn(In):
    name: Annotated[Line, Field(min_length=1, max_length=200)]
    email: Email


class PlanIn(In):
    kit: str = Field(description="The slug of a kit with a slot.")
    scheduled_at: Moment
    panel: list[Email] = Field(min_length=1, max_length=20, description="Interviewers' emails.")
    lead: Email | None = Field(None, description="One of the panel; the first if left out.")


class InterviewIn(PlanIn):
    candidate: CandidateIn | None = Field(None, description="For a loop of its own.")
    loop_id: Id | None = Field(None, description="Or an existing loop to join.")


class LoopIn(In):
    candidate: CandidateIn
    role: Annotated[Line, Field(max_length=200)] = ""
    interviews: list[PlanIn] = Field(min_length=1, max_length=10)


class RescheduleIn(In):
    scheduled_at: Moment


class FeedbackLinkIn(In):
    interview_id: Id | None = Field(None, description="The link covers its latest report…")
    loop_id: Id | None = Field(None, description="…or every reported interview of a loop.")
    expires_at: Moment | None = Field(None, description="Default: in 14 days.")
    share_level: bool = False


class FeedbackLinkOut(Schema):
    id: int
    url: str | None = Field(
        description="The candidate's link: only in the answer that creates it (never stored)."
    )
    report_id: int | None
    loop_id: int | None
    share_level: bool
    expires_at: datetime
    state: str
    created_at: datetime
