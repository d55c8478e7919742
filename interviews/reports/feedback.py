"""What the candidate reads: per topic, whether it was a strength, solid or an area to grow, and the
curators' learning notes; the overall level band when a link shares it. Never the bank's answer
key (anchors, signals, red flags, crib, guidance), an interviewer's name, a note or a score.

The candidate's page and PDF are built here, and only here, from a whitelist of a report's stored
content (the interview, the overall level, each topic's name and category) and the learning notes
of the revisions the interview pinned (falling back to their topic's). Nothing else a snapshot
holds is read, so a report built when snapshots still quoted rubric text (report formats 1 and 2
put senior anchors and signals in their `candidate` part) shows the same as one built today.

The PDF is rendered once per (reports, level band, FEEDBACK_FORMAT) and stored (FeedbackPdf):
every link to the same reports shares it. A loop link covers the loop's reports as they were when
it was created (FeedbackLink.loop_reports), so what it shows, and its PDF, never grow.
"""

import hashlib
import json
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from interviews.models import Interview, InterviewQuestion
from interviews.reports.models import FeedbackLink, FeedbackPdf, Report

# Bump when what a candidate reads changes: stored feedback PDFs of older formats are never served.
FEEDBACK_FORMAT = 1
FEEDBACK = "reports/feedback.html"
SHOWN_CATEGORIES = ("strength", "steady", "growth")


@dataclass(frozen=True)
class TopicFeedback:
    name: str
    category: str  # strength, steady or growth
    # Curator-written Markdown, rendered and sanitised when its revision or topic was saved.
    learning_html: SafeString


@dataclass(frozen=True)
class InterviewFeedback:
    interview_id: int
    kit: str
    date: date
    level: str | None
    level_label: str
    topics: tuple[TopicFeedback, ...]


@dataclass(frozen=True)
class Feedback:
    candidate: str
    interviews: tuple[InterviewFeedback, ...]
    bands: tuple[dict, ...]


def learning_notes(interview_ids: list[int]) -> dict[int, dict[str, str]]:
    """interview id -> topic slug -> learning notes (HTML): the pinned revisions' own notes in
    question order, or else their topic's. One query."""
    pinned = (
        InterviewQuestion.objects.filter(interview_id__in=interview_ids)
        .order_by("interview_id", "position")
        .values_list(
            "interview_id",
            "revision__question__topic__slug",
            "revision__learning_html",
            "revision__question__topic__learning_html",
        )
    )
    own: dict[tuple[int, str], list[str]] = defaultdict(list)
    fallback: dict[tuple[int, str], str] = {}
    for interview_id, topic, revision_notes, topic_notes in pinned:
        key = (interview_id, topic)
        if revision_notes and revision_notes not in own[key]:
            own[key].append(revision_notes)
        fallback.setdefault(key, topic_notes)
    notes: dict[int, dict[str, str]] = defaultdict(dict)
    for key, topic_notes in fallback.items():
        notes[key[0]][key[1]] = "".join(own[key]) or topic_notes
    return notes


def interview_feedback(content: dict, learning: dict[str, str]) -> InterviewFeedback:
    """The whitelist: only these fields of a stored report content are ever read for a candidate."""
    interview, overall = content["interview"], content["overall"]
    return InterviewFeedback(
        interview_id=interview["id"],
        kit=interview["kit"],
        date=datetime.fromisoformat(interview["scheduled_at"]).date(),
        level=overall.get("level"),
        level_label=overall.get("level_label", ""),
        topics=tuple(
            TopicFeedback(
                name=topic["name"],
                category=topic["category"],
                learning_html=mark_safe(learning.get(topic["slug"], "")),  # noqa: S308
            )
            for topic in content["topics"]
            if topic["category"] in SHOWN_CATEGORIES
        ),
    )


def feedback_of(contents: list[dict]) -> Feedback:
    notes = learning_notes([content["interview"]["id"] for content in contents])
    interviews = tuple(
        interview_feedback(content, notes.get(content["interview"]["id"], {}))
        for content in contents
    )
    return Feedback(
        candidate=contents[0]["interview"]["candidate"] if contents else "",
        interviews=interviews,
        bands=tuple(dict(band) for band in contents[0]["bands"]) if contents else (),
    )


def latest_reports_of_loop(loop_id: int) -> list[int]:
    """The ids of the latest report of each completed interview of the loop, in the order the
    interviews took place: what a loop link created now covers."""
    latest = Report.objects.filter(interview=OuterRef("pk")).order_by("-built_at", "-id")
    return list(
        Interview.objects.filter(loop_id=loop_id, state=Interview.State.COMPLETED)
        .annotate(report_id=Subquery(latest.values("pk")[:1]))
        .exclude(report_id=None)
        .order_by("scheduled_at", "pk")
        .values_list("report_id", flat=True)
    )


def reports_of_link(link: FeedbackLink) -> list[Report]:
    """A report link's report; a loop link's reports as they were when it was created, in the
    order their interviews took place (never a report built since: that needs a new link)."""
    if link.report_id is not None:
        return [link.report]
    return list(
        Report.objects.filter(loop_feedback_links=link).order_by(
            "interview__scheduled_at", "interview_id"
        )
    )


def feedback_for_link(link: FeedbackLink) -> Feedback:
    return feedback_of([report.content for report in reports_of_link(link)])


def feedback_html(feedback: Feedback, *, share_level: bool, pdf: bool, **extra) -> str:
    context = {"state": "ok", "feedback": feedback, "share_level": share_level, "pdf": pdf}
    return render_to_string(FEEDBACK, context | extra)


@dataclass(frozen=True)
class Shown:
    """One report as a feedback PDF shows it: its content, and the inputs hash that names it."""

    content: dict
    inputs_hash: str


def pdf_digest(shown: list[Shown], *, share_level: bool) -> str:
    """What a feedback PDF shows: its reports (interview and inputs), the band, the format."""
    key = [
        FEEDBACK_FORMAT,
        share_level,
        [(s.content["interview"]["id"], s.inputs_hash) for s in shown],
    ]
    return hashlib.sha256(json.dumps(key).encode()).hexdigest()


def render(shown: list[Shown], *, share_level: bool) -> FeedbackPdf:
    started = time.perf_counter()
    feedback = feedback_of([s.content for s in shown])
    # Imported here: WeasyPrint takes ~1.5 s to load, and only a report build renders.
    from interviews.reports import pdf

    document = pdf.html_to_pdf(feedback_html(feedback, share_level=share_level, pdf=True))
    return FeedbackPdf(
        digest=pdf_digest(shown, share_level=share_level),
        pdf=document,
        render_ms=round((time.perf_counter() - started) * 1000),
    )


def render_for_build(*, content: dict, inputs_hash: str) -> list[FeedbackPdf]:
    """A new report's own feedback PDFs, with and without the level band, rendered in its build
    (before its transaction) so that no download of a report link ever renders one."""
    shown = [Shown(content, inputs_hash)]
    return [render(shown, share_level=share) for share in (False, True)]


def store(rendered: list[FeedbackPdf]) -> None:
    """Inside the caller's transaction; a PDF another process stored first is the same PDF."""
    FeedbackPdf.objects.bulk_create(rendered, ignore_conflicts=True)


def feedback_pdf(link: FeedbackLink) -> bytes:
    """The link's PDF as stored; rendered and stored on the first download of what it shows (a
    report built before PDFs were stored, or a loop's set of reports)."""
    shown = [Shown(report.content, report.inputs_hash) for report in reports_of_link(link)]
    digest = pdf_digest(shown, share_level=link.share_level)
    found = FeedbackPdf.objects.filter(digest=digest).values_list("pdf", flat=True).first()
    if found is not None:
        return bytes(found)
    rendered = render(shown, share_level=link.share_level)
    store([rendered])
    return rendered.pdf
