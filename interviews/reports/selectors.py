"""Read queries shared by the report build, the report pages, the feedback pages and the export.

Each runs a fixed number of queries whatever the number of questions or panelists.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import OuterRef, Prefetch, Subquery

from interviews.models import Amendment, Candidate, Interview, InterviewQuestion, Rating, Scorecard
from interviews.reports.models import FeedbackLink, Report, ReportRequest
from interviews.rooms.selectors import final_code
from interviews.selectors import loops_still_scored_by
from questionbank.models import Signal
from questionbank.rubric import Rubric, build_rubrics

# Bump when the content or the rendered HTML of a report changes shape: the inputs hash includes
# it, so the next build writes a new report instead of finding the old one.
# 2: the amendments made after submission (content["amendments"]).
# 3: no candidate part (the candidate reads feedback.py's whitelist).
REPORT_FORMAT = 4  # 4: bonus signals are not strong evidence, heard or missed


@dataclass(frozen=True)
class QuestionInput:
    interview_question_id: int
    position: int
    weight: int
    minutes: int
    revision_id: int
    revision_number: int
    slug: str
    topic_slug: str
    topic_name: str
    target_level: str
    rubric: Rubric


@dataclass(frozen=True)
class RatingInput:
    level: int | None
    skipped: bool
    skip_reason: str
    signal_ids: tuple[int, ...]
    notes: str


@dataclass(frozen=True)
class AmendmentInput:
    amendment_id: int
    author_id: int
    author_name: str
    created_at: datetime
    changes: dict  # "recommendation" / "level" / "summary" / "question:<position>" -> [old, new]
    reason: str
    after_reading: bool

    @classmethod
    def of(cls, amendment: Amendment) -> "AmendmentInput":
        return cls(
            amendment.pk,
            amendment.author_id,
            display_name(amendment.author),
            amendment.created_at,
            amendment.changes,
            amendment.reason,
            amendment.after_reading,
        )


@dataclass(frozen=True)
class ScorecardInput:
    scorecard_id: int
    interviewer_id: int
    interviewer_name: str
    recommendation: str
    level: str
    summary: str
    submitted_at: datetime
    # interview question id -> rating
    ratings: dict[int, RatingInput] = field(default_factory=dict)
    # Changes since it was submitted, oldest first.
    amendments: tuple[AmendmentInput, ...] = ()


@dataclass(frozen=True)
class ReportInputs:
    """Everything a report is built from; its digest keys the Report row."""

    interview_id: int
    candidate_name: str
    kit_name: str
    kit_target_level: str
    scheduled_at: datetime
    completed_at: datetime | None
    questions: tuple[QuestionInput, ...]
    scorecards: tuple[ScorecardInput, ...]
    # The candidate room's final code per question (position -> text), questions typed in only.
    final_code: dict[int, str] = field(default_factory=dict)

    def canonical(self) -> dict:
        return {
            "format": REPORT_FORMAT,
            "interview": self.interview_id,
            "candidate": self.candidate_name,
            "kit": [self.kit_name, self.kit_target_level],
            "when": [
                self.scheduled_at.isoformat(),
                self.completed_at and self.completed_at.isoformat(),
            ],
            "questions": [
                [q.interview_question_id, q.position, q.weight, q.revision_id]
                for q in self.questions
            ],
            "scorecards": [
                {
                    "id": card.scorecard_id,
                    "by": [card.interviewer_id, card.interviewer_name],
                    "verdict": [card.recommendation, card.level, card.summary],
                    "submitted_at": card.submitted_at.isoformat(),
                    "ratings": [
                        [
                            question_id,
                            rating.level,
                            rating.skipped,
                            rating.skip_reason,
                            list(rating.signal_ids),
                            rating.notes,
                        ]
                        for question_id, rating in sorted(card.ratings.items())
                    ],
                    "amendments": [
                        [
                            amendment.amendment_id,
                            amendment.author_id,
                            amendment.author_name,
                            amendment.created_at.isoformat(),
                            amendment.changes,
                            amendment.reason,
                            amendment.after_reading,
                        ]
                        for amendment in card.amendments
                    ],
                }
                for card in self.scorecards
            ],
        } | (
            # Only when there is code, so reports built before rooms keep their digest.
            {"code": [[p, text] for p, text in sorted(self.final_code.items())]}
            if self.final_code
            else {}
        )

    def digest(self) -> str:
        canonical = json.dumps(
            self.canonical(), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode()).hexdigest()


def display_name(user) -> str:
    return user.get_full_name() or user.username


def rubrics_for(revision_ids: list[int]) -> dict[int, Rubric]:
    """The rubrics of many pinned revisions in five queries (interviews.rubrics caches one)."""
    return build_rubrics(revision_ids)


def amendment_count(interview_id: int) -> int:
    return Amendment.objects.filter(scorecard__interview_id=interview_id).count()


def report_inputs(interview_id: int) -> ReportInputs:
    """The interview, its pinned questions with their rubrics and the submitted scorecards."""
    interview = Interview.objects.select_related("candidate", "kit").get(pk=interview_id)
    pinned = list(
        InterviewQuestion.objects.filter(interview_id=interview_id)
        .select_related("revision__question__topic")
        .order_by("position")
    )
    rubrics = rubrics_for([iq.revision_id for iq in pinned])
    questions = tuple(
        QuestionInput(
            interview_question_id=iq.pk,
            position=iq.position,
            weight=iq.weight,
            minutes=iq.minutes,
            revision_id=iq.revision_id,
            revision_number=iq.revision.number,
            slug=iq.revision.question.slug,
            topic_slug=iq.revision.question.topic.slug,
            topic_name=iq.revision.question.topic.name,
            target_level=iq.revision.target_level,
            rubric=rubrics[iq.revision_id],
        )
        for iq in pinned
    )
    cards = list(
        Scorecard.objects.filter(interview_id=interview_id, submitted_at__isnull=False)
        .select_related("interviewer")
        .prefetch_related(
            Prefetch("ratings", queryset=Rating.objects.order_by("id")),
            Prefetch(
                "amendments",
                queryset=Amendment.objects.select_related("author").order_by("created_at", "id"),
            ),
        )
        .order_by("submitted_at", "id")
    )
    scorecards = tuple(
        ScorecardInput(
            scorecard_id=card.pk,
            interviewer_id=card.interviewer_id,
            interviewer_name=display_name(card.interviewer),
            recommendation=card.recommendation,
            level=card.level,
            summary=card.summary,
            submitted_at=card.submitted_at,
            ratings={
                rating.interview_question_id: RatingInput(
                    level=rating.level,
                    skipped=rating.skipped,
                    skip_reason=rating.skip_reason,
                    signal_ids=tuple(rating.signal_ids),
                    notes=rating.notes,
                )
                for rating in card.ratings.all()
            },
            amendments=tuple(AmendmentInput.of(amendment) for amendment in card.amendments.all()),
        )
        for card in cards
    )
    return ReportInputs(
        interview_id=interview.pk,
        candidate_name=interview.candidate.name,
        kit_name=interview.kit.name,
        kit_target_level=interview.kit.target_level,
        scheduled_at=interview.scheduled_at,
        completed_at=interview.completed_at,
        questions=questions,
        scorecards=scorecards,
        final_code=final_code(interview_id),
    )


@dataclass
class ReportState:
    """What the report page shows: the newest request and the newest ready report."""

    interview: Interview
    request: ReportRequest | None
    report: Report | None

    @property
    def status(self) -> str:
        if self.request is None:
            return "none"
        return self.request.status

    @property
    def polling(self) -> bool:
        return self.request is not None and self.request.is_open

    @property
    def can_rebuild(self) -> bool:
        return self.interview.state == Interview.State.COMPLETED and not self.polling


def report_state(interview: Interview) -> ReportState:
    request = (
        ReportRequest.objects.filter(interview=interview).order_by("-created_at", "-id").first()
    )
    if request is not None and request.status == ReportRequest.Status.READY:
        report = request.report
    else:
        ready = (
            ReportRequest.objects.filter(interview=interview, status=ReportRequest.Status.READY)
            .select_related("report")
            .order_by("-finished_at", "-id")
            .first()
        )
        report = ready.report if ready else None
    return ReportState(interview=interview, request=request, report=report)


def feedback_links_for(interview: Interview) -> list[FeedbackLink]:
    return list(
        FeedbackLink.objects.filter(report__interview=interview)
        .select_related("created_by", "revoked_by")
        .order_by("-created_at", "-id")
    )


def feedback_link_by_hash(token_hash: str) -> FeedbackLink | None:
    """The link with that token hash, revoked or not, with what its page shows."""
    return (
        FeedbackLink.objects.select_related("report__interview")
        .filter(token_hash=token_hash)
        .first()
    )


def completed_interviews(limit: int = 100) -> list[Interview]:
    """Newest completed interviews with the status of their newest report request."""
    newest = ReportRequest.objects.filter(interview=OuterRef("pk")).order_by("-created_at", "-id")
    return list(
        Interview.objects.filter(state=Interview.State.COMPLETED)
        .select_related("candidate", "kit")
        .annotate(report_status=Subquery(newest.values("status")[:1]))
        .order_by("-completed_at")[:limit]
    )


@dataclass
class ScorecardExport:
    interview: Interview
    scorecard: Scorecard
    ratings: list[Rating]
    amendments: list[Amendment]


def candidate_scorecards(candidate: Candidate, reader) -> list[ScorecardExport]:
    """Every submitted scorecard on the candidate's interviews, with ratings and amendments.

    A reader who also sits on one of those panels and has not submitted yet sees nothing of that
    interview, nor of the other interviews of its loop: scorecards stay independent, whatever
    other role the reader has.
    """
    open_scorecards = Scorecard.objects.filter(interviewer=reader, submitted_at__isnull=True)
    cards = list(
        Scorecard.objects.filter(interview__candidate=candidate, submitted_at__isnull=False)
        .exclude(interview__in=open_scorecards.values("interview_id"))
        .exclude(interview__loop_id__in=loops_still_scored_by(reader.pk))
        .select_related("interview__kit", "interviewer")
        .prefetch_related(
            Prefetch(
                "ratings",
                queryset=Rating.objects.select_related(
                    "interview_question__revision__question__topic"
                ).order_by("interview_question__position"),
            ),
            Prefetch(
                "amendments", queryset=Amendment.objects.select_related("author").order_by("id")
            ),
        )
        .order_by("interview__scheduled_at", "interview_id", "submitted_at", "id")
    )
    return [
        ScorecardExport(
            interview=card.interview,
            scorecard=card,
            ratings=list(card.ratings.all()),
            amendments=list(card.amendments.all()),
        )
        for card in cards
    ]


def signal_texts(revision_ids: list[int]) -> dict[int, str]:
    """Signal id -> text for the given revisions (the export names the signals heard)."""
    return dict(Signal.objects.filter(revision_id__in=revision_ids).values_list("id", "text"))
