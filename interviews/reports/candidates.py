"""Read queries for the candidate pages: a candidate's loops, each interview's state and report,
the loop's combined per-topic view and its decision. A fixed number of queries per page, however
many loops, interviews or reports.

The combined view is read from the reports as built (their JSON snapshots), so it says exactly what
each report says, and every piece of evidence keeps the interview it came from.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from interviews.models import Candidate, Interview, Loop, LoopDecision, Panelist
from interviews.reports.models import FeedbackLink, Report, ReportRequest
from interviews.selectors import OPEN_STATES, loops_still_scored_by


@dataclass(frozen=True)
class Evidence:
    """What one interview's report says about one topic."""

    interview_id: int
    interview_label: str
    score: str | None
    category: str
    # (title, panel mean) of the interview's questions on the topic
    questions: tuple[tuple[str, str | None], ...]
    # strong signals the panel heard, with who heard them
    heard: tuple[str, ...]


@dataclass
class LoopTopic:
    slug: str
    name: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class LoopInterview:
    interview: Interview
    report: Report | None
    report_status: str  # ready, pending, building, failed or "" (not completed)


@dataclass
class LoopView:
    loop: Loop
    interviews: list[LoopInterview]
    decisions: list[LoopDecision]
    topics: list[LoopTopic]
    # The reader still has a scorecard to submit in this loop: its reports, the combined view and
    # the decision stay hidden from them until then (blind scoring).
    hidden: bool = False
    # Feedback links to the loop, each with `covers`: the interviews whose reports it shows.
    links: list[FeedbackLink] = field(default_factory=list)

    @property
    def decision(self) -> LoopDecision | None:
        return self.decisions[0] if self.decisions else None

    @property
    def completed(self) -> int:
        return sum(1 for row in self.interviews if row.interview.state == "completed")

    @property
    def first_interview_at(self) -> datetime | None:
        """When the loop's first interview is (or was) scheduled: the loop's date. Its creation
        date says only when it was planned (the demo creates every loop at once)."""
        return min((row.interview.scheduled_at for row in self.interviews), default=None)

    @property
    def still_open(self) -> list[Interview]:
        """Interviews still scheduled or live: a decision now is made without their evidence."""
        return [row.interview for row in self.interviews if row.interview.state in OPEN_STATES]


def candidate_loops(candidate: Candidate, reader) -> list[LoopView]:
    loops = list(
        Loop.objects.filter(candidate=candidate)
        .annotate(
            hidden=Exists(loops_still_scored_by(reader.pk).filter(interview__loop=OuterRef("pk")))
        )
        .order_by("-created_at", "-id")
    )
    visible = [loop for loop in loops if not loop.hidden]
    latest_report = Report.objects.filter(interview=OuterRef("pk")).order_by("-built_at", "-id")
    interviews = list(
        Interview.objects.filter(loop__in=loops)
        .select_related("kit")
        .prefetch_related(
            Prefetch("panelists", queryset=Panelist.objects.select_related("user")),
        )
        .annotate(latest_report_id=Subquery(latest_report.values("pk")[:1]))
        .order_by("scheduled_at", "pk")
    )
    reports = Report.objects.in_bulk(
        [
            row.latest_report_id
            for row in interviews
            if row.latest_report_id and row.loop_id in {loop.pk for loop in visible}
        ]
    )
    open_requests = dict(
        ReportRequest.objects.filter(
            interview__in=interviews, status__in=ReportRequest.OPEN
        ).values_list("interview_id", "status")
    )
    failed = set(
        ReportRequest.objects.filter(interview__in=interviews, status=ReportRequest.Status.FAILED)
        .values_list("interview_id", flat=True)
        .distinct()
    )
    links = list(
        FeedbackLink.objects.filter(loop__in=visible)
        .select_related("created_by")
        .order_by("-created_at", "-id")
    )
    # Which interviews each loop link covers (their reports as of its creation): the ids only,
    # never the reports' content, mapped onto the interviews read above.
    by_id = {interview.pk: interview for interview in interviews}
    covered: dict[int, list[Interview]] = {link.pk: [] for link in links}
    pairs = (
        FeedbackLink.loop_reports.through.objects.filter(feedbacklink__in=links).values_list(
            "feedbacklink_id", "report__interview_id"
        )
        if links
        else []
    )
    for link_id, interview_id in pairs:
        covered[link_id].append(by_id[interview_id])
    for link in links:
        link.covers = sorted(covered[link.pk], key=lambda interview: interview.scheduled_at)
    decisions = list(
        LoopDecision.objects.filter(loop__in=visible)
        .select_related("decided_by")
        .order_by("-decided_at", "-id")
    )
    views = []
    for loop in loops:
        rows = [
            LoopInterview(
                interview=interview,
                report=reports.get(interview.latest_report_id),
                report_status=report_status(interview, open_requests, failed),
            )
            for interview in interviews
            if interview.loop_id == loop.pk
        ]
        views.append(
            LoopView(
                loop=loop,
                interviews=rows,
                decisions=[decision for decision in decisions if decision.loop_id == loop.pk],
                topics=combined_topics(rows),
                hidden=loop.hidden,
                links=[link for link in links if link.loop_id == loop.pk],
            )
        )
    # Newest loop first, by when its interviews began.
    views.sort(key=lambda view: view.first_interview_at or view.loop.created_at, reverse=True)
    return views


def report_status(interview: Interview, open_requests: dict, failed: set) -> str:
    if interview.pk in open_requests:
        return open_requests[interview.pk]
    if interview.latest_report_id:
        return ReportRequest.Status.READY
    if interview.pk in failed:
        return ReportRequest.Status.FAILED
    return ""


def interview_label(interview: Interview) -> str:
    return f"{interview.kit.name}, {interview.scheduled_at:%-d %b}"


def combined_topics(rows: list[LoopInterview]) -> list[LoopTopic]:
    """Each topic any of the loop's reports scores, with what each report says about it."""
    topics: dict[str, LoopTopic] = {}
    for row in rows:
        if row.report is None:
            continue
        content = row.report.content
        questions = content.get("questions", [])
        for topic in content.get("topics", []):
            if topic.get("category") == "unrated":
                continue
            members = [q for q in questions if q.get("topic_slug") == topic["slug"]]
            entry = topics.setdefault(topic["slug"], LoopTopic(topic["slug"], topic["name"]))
            entry.evidence.append(
                Evidence(
                    interview_id=row.interview.pk,
                    interview_label=interview_label(row.interview),
                    score=topic.get("score"),
                    category=topic.get("category", ""),
                    questions=tuple((q["title"], q.get("mean")) for q in members),
                    heard=tuple(
                        f"{signal['text']} ({', '.join(signal['panelists'])})"
                        for q in members
                        for signal in q.get("signals_heard", [])
                        if signal["level"] >= 3
                    ),
                )
            )
    return sorted(topics.values(), key=lambda topic: topic.name)


@dataclass(frozen=True)
class CandidateRow:
    candidate: Candidate
    loops: int
    # The candidate's latest loop: when its first interview is (or was) scheduled, how many of
    # its interviews are completed, and its own decision.
    latest_loop_at: datetime
    interviews: int
    completed: int
    decision: str | None
    # The reader still has a scorecard to submit in that loop: its decision stays hidden.
    still_scoring: bool = False


def candidates_with_loops(*, reader_id: int, limit: int = 100) -> list[CandidateRow]:
    """The candidates list, newest loop first, each row about the candidate's latest loop (the
    one created last): four queries whatever the number of rows. Blind scoring: a loop the reader
    still scores in shows no decision."""
    latest_loop = Loop.objects.filter(candidate=OuterRef("pk")).order_by("-created_at", "-id")
    in_latest = Interview.objects.filter(loop=OuterRef("latest_loop_id")).order_by()

    def count(queryset, column: str):
        counted = queryset.values(column).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted), 0)

    candidates = (
        Candidate.objects.annotate(latest_loop_id=Subquery(latest_loop.values("pk")[:1]))
        .filter(latest_loop_id__isnull=False)
        .annotate(
            loop_count=count(Loop.objects.filter(candidate=OuterRef("pk")).order_by(), "candidate"),
            # A loop is dated by its first interview; one with none yet by its creation.
            latest_loop_at=Coalesce(
                Subquery(in_latest.order_by("scheduled_at").values("scheduled_at")[:1]),
                Subquery(latest_loop.values("created_at")[:1]),
            ),
            interview_count=count(in_latest, "loop"),
            completed_count=count(in_latest.filter(state=Interview.State.COMPLETED), "loop"),
            still_scoring=Q(latest_loop_id__in=loops_still_scored_by(reader_id)),
            decision=Subquery(
                LoopDecision.objects.filter(loop=OuterRef("latest_loop_id"))
                .order_by("-decided_at", "-id")
                .values("outcome")[:1]
            ),
        )
        .order_by("-latest_loop_at", "-pk")[:limit]
    )
    return [
        CandidateRow(
            candidate=candidate,
            loops=candidate.loop_count,
            latest_loop_at=candidate.latest_loop_at,
            interviews=candidate.interview_count,
            completed=candidate.completed_count,
            decision=None if candidate.still_scoring else candidate.decision,
            still_scoring=candidate.still_scoring,
        )
        for candidate in candidates
    ]
