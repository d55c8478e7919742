"""The API's reads: querysets with what each resource needs fetched in a fixed number of queries,
and the functions that turn rows into the API's shapes. A scorecard is read only once submitted."""

from collections import defaultdict

from django.db.models import F, Prefetch, QuerySet

from interviews.api import schemas
from interviews.models import Candidate, Interview, Loop, LoopDecision, Panelist, Rating, Scorecard
from interviews.reports.models import Report, ReportPdf, ReportRequest
from questionbank.models import Kit, KitQuestion, Question, Signal

# --- Candidates, interviews, loops ------------------------------------------------------------


PANELIST_FIELDS = ("username", "first_name", "last_name", "email")
INTERVIEW_FIELDS = (
    "id", "candidate", "loop", "state", "scheduled_at", "started_at", "completed_at",
    "created_at", "updated_at",
)  # fmt: skip


def candidates() -> QuerySet[Candidate]:
    return Candidate.objects.all()


def interviews() -> QuerySet[Interview]:
    """Only the columns the answer shows, the kit's slug joined in. The panel is read apart
    (interviews_out), as plain rows: a page of 50 has some 150 panelists, and building a Panelist
    and a User for each (the ORM's prefetch) was two thirds of the feed's CPU."""
    return Interview.objects.annotate(kit_slug=F("kit__slug")).only(*INTERVIEW_FIELDS)


def bare_interviews() -> QuerySet[Interview]:
    """For operations on what hangs off an interview: whether it exists, nothing else."""
    return Interview.objects.only("id")


def interviews_out(rows: list[Interview]) -> list[schemas.InterviewOut]:
    """The API's shape of these interviews (from interviews()), their panels in one query."""
    panels: dict[int, list[schemas.PanelistOut]] = defaultdict(list)
    panelists = (
        Panelist.objects.filter(interview_id__in=[row.pk for row in rows])
        .order_by("-is_lead", "id")
        .values_list("interview_id", "is_lead", *(f"user__{f}" for f in PANELIST_FIELDS))
    )
    for interview_id, is_lead, username, first_name, last_name, email in panelists:
        # As User.get_full_name(), without building the user.
        name = f"{first_name} {last_name}".strip() or username
        panels[interview_id].append(schemas.PanelistOut(name=name, email=email, lead=is_lead))
    return [
        schemas.InterviewOut(
            id=row.pk,
            candidate_id=row.candidate_id,
            loop_id=row.loop_id,
            kit=row.kit_slug,
            state=row.state,
            scheduled_at=row.scheduled_at,
            started_at=row.started_at,
            completed_at=row.completed_at,
            panel=panels[row.pk],
            created_at=row.created_at,
            updated_at=row.updated_at,
        )
        for row in rows
    ]


def interview_out(interview: Interview) -> schemas.InterviewOut:
    return interviews_out([interview])[0]


def loops() -> QuerySet[Loop]:
    newest_first = LoopDecision.objects.order_by("-decided_at", "-id")
    return Loop.objects.prefetch_related(
        Prefetch(
            "interviews",
            queryset=Interview.objects.order_by("scheduled_at", "id").only(
                "id", "loop_id", "scheduled_at"
            ),
        ),
        Prefetch("decisions", queryset=newest_first),
    )


def loop_out(loop: Loop) -> schemas.LoopOut:
    decision = next(iter(loop.decisions.all()), None)
    return schemas.LoopOut(
        id=loop.pk,
        candidate_id=loop.candidate_id,
        role=loop.role,
        interview_ids=[interview.pk for interview in loop.interviews.all()],
        decision=schemas.DecisionOut(
            outcome=decision.outcome, level=decision.level, decided_at=decision.decided_at
        )
        if decision
        else None,
        created_at=loop.created_at,
        updated_at=loop.updated_at,
    )


# --- Scorecards --------------------------------------------------------------------------------


def submitted_scorecards() -> QuerySet[Scorecard]:
    """Only submitted scorecards exist for the API: an open one is the panelist's alone."""
    ratings = Rating.objects.select_related("interview_question__revision__question").order_by(
        "interview_question__position"
    )
    return (
        Scorecard.objects.filter(submitted_at__isnull=False)
        .select_related("interviewer")
        .prefetch_related(Prefetch("ratings", queryset=ratings))
        .order_by("submitted_at", "id")
    )


def scorecards_out(cards: list[Scorecard], *, notes: bool) -> list[schemas.ScorecardOut]:
    """One more query for the signals heard, whatever the number of scorecards."""
    heard = {signal_id for card in cards for r in card.ratings.all() for signal_id in r.signal_ids}
    signals = Signal.objects.in_bulk(list(heard)) if heard else {}
    return [
        schemas.ScorecardOut(
            id=card.pk,
            interview_id=card.interview_id,
            interviewer=card.interviewer.get_full_name() or card.interviewer.username,
            interviewer_email=card.interviewer.email,
            recommendation=card.recommendation,
            level=card.level,
            summary=card.summary,
            submitted_at=card.submitted_at,
            ratings=[rating_out(rating, signals, notes=notes) for rating in card.ratings.all()],
        )
        for card in cards
    ]


def rating_out(rating: Rating, signals: dict, *, notes: bool) -> schemas.RatingOut:
    question = rating.interview_question
    return schemas.RatingOut(
        position=question.position,
        question=question.revision.question.slug,
        revision=question.revision.number,
        title=question.revision.title,
        level=None if rating.skipped else rating.level,
        skipped=rating.skipped,
        skip_reason=rating.skip_reason,
        signals=[
            schemas.SignalOut(id=s.pk, level=s.level, text=s.text)
            for s in (signals.get(pk) for pk in rating.signal_ids)
            if s is not None
        ],
        notes=rating.notes if notes else None,
    )


# --- Reports -----------------------------------------------------------------------------------


def without_notes(value):
    """A report's content with every `notes` member taken out, however deep."""
    if isinstance(value, dict):
        return {key: without_notes(item) for key, item in value.items() if key != "notes"}
    if isinstance(value, list):
        return [without_notes(item) for item in value]
    return value


def report_out(interview: Interview, *, notes: bool) -> schemas.ReportOut:
    request = interview.report_requests.order_by("-created_at", "-id").first()
    report = interview.reports.order_by("-built_at", "-id").first()
    status = "none"
    if request is not None:
        status = request.status
    elif report is not None:
        status = ReportRequest.Status.READY
    return schemas.ReportOut(
        interview_id=interview.pk,
        status=status,
        report_id=report.pk if report else None,
        built_at=report.built_at if report else None,
        overall_score=str(report.overall_score) if report and report.overall_score else None,
        level=(report.level or None) if report else None,
        content=(report.content if notes else without_notes(report.content)) if report else None,
    )


def report_pdf(interview: Interview, *, notes: bool) -> bytes | None:
    """The latest report's stored PDF: the panel's copy (notes quoted) only with notes:read."""
    report = Report.objects.filter(interview=interview).order_by("-built_at", "-id").first()
    if report is None:
        return None
    variant = ReportPdf.Variant.PANEL if notes else ReportPdf.Variant.MANAGERS
    found = report.pdfs.filter(variant=variant).values_list("pdf", flat=True).first()
    return bytes(found) if found is not None else None


# --- The question bank -------------------------------------------------------------------------


def kits() -> QuerySet[Kit]:
    entries = KitQuestion.objects.select_related("question").order_by("position")
    return Kit.objects.prefetch_related(Prefetch("entries", queryset=entries))


def kit_out(kit: Kit) -> schemas.KitOut:
    return schemas.KitOut(
        slug=kit.slug,
        name=kit.name,
        description=kit.description,
        target_level=kit.target_level,
        slot_minutes=kit.slot_minutes,
        is_interview=kit.is_interview,
        questions=[
            schemas.KitQuestionOut(
                position=entry.position,
                question=entry.question.slug,
                minutes=entry.minutes,
                weight=entry.weight,
            )
            for entry in kit.entries.all()
        ],
        updated_at=kit.updated_at,
    )


def questions() -> QuerySet[Question]:
    return Question.objects.select_related("topic", "current_revision")


def question_out(question: Question) -> schemas.QuestionOut:
    """What a question is, never its rubric: anchors, signals and guidance are the bank's answer
    key, and an integration may show what it reads to candidates."""
    revision = question.current_revision
    return schemas.QuestionOut(
        slug=question.slug,
        topic=question.topic.slug,
        status=question.status,
        revision=revision.number if revision else None,
        title=question.title,
        target_level=revision.target_level if revision else "",
        expected_minutes=revision.expected_minutes if revision else None,
        updated_at=question.updated_at,
    )
