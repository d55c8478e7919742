"""The candidate's page and PDF never show the bank's answer key. On the shipped kit, with every
signal heard and every level used, no anchor, signal, red flag, crib line, guidance line or
follow-up of the interview's questions appears, for a link to a report built today and for one
built when report snapshots still quoted senior anchors and signals to the candidate; the curators'
learning notes do appear."""

import html
import re
from pathlib import Path

import pytest
from django.urls import reverse

from interviews.models import InterviewQuestion
from interviews.reports import services
from interviews.reports.models import FeedbackPdf, Report
from questionbank.importer import import_sources
from questionbank.models import Kit
from tests.reports.builders import enqueue_disabled, make_interview, open_request, rate, submit
from tests.reports.pdftext import pdf_text

SHIPPED = Path(__file__).resolve().parents[2] / "questionbank" / "kits" / "senior-go.yaml"
# Lines of rubric text shorter than this are too generic to mean a leak ("Yes", "Go 1.27").
MIN_CHARS = 25


def normal(text: str) -> str:
    """Whitespace and Markdown emphasis folded, so a line matches however it was laid out."""
    text = re.sub(r"[*_`>#]|\[|\]\([^)]*\)", "", html.unescape(text))
    return " ".join(text.split())


def without_tags(markup: str) -> str:
    return re.sub(r"<[^>]+>", " ", markup)


def answer_key(interview) -> set[str]:
    """Every line of rubric text of the questions the interview pinned."""
    texts = []
    for pinned in InterviewQuestion.objects.filter(interview=interview).select_related("revision"):
        revision = pinned.revision
        texts += [anchor.text for anchor in revision.anchors.all()]
        texts += [signal.text for signal in revision.signals.all()]
        texts += [flag.text for flag in revision.red_flags.all()]
        texts += [follow_up.text for follow_up in revision.follow_ups.all()]
        texts += revision.crib.splitlines() + revision.guidance.splitlines()
    lines = {normal(re.sub(r"^\s*([-*]|\d+\.)\s+", "", text)) for text in texts}
    return {line for line in lines if len(line) >= MIN_CHARS}


@pytest.fixture
def shipped_report(cast):
    """The shipped phone screen, rated at every level with every signal at or below it heard."""
    import_sources([(SHIPPED.name, SHIPPED.read_bytes())])
    kit = Kit.objects.get(slug="go-phone-screen")
    interview = make_interview(kit=kit, panel=[cast.ada, cast.grace])
    questions = interview.questions.count()
    with enqueue_disabled():
        rate(interview, cast.ada, [4, 1, 3, 2, 4, 3][:questions])
        rate(interview, cast.grace, [4, 2, 1, 3, 4, 4][:questions])
        submit(interview, cast.ada)
        submit(interview, cast.grace)
    return services.report_build(request_id=open_request(interview).pk)


def as_before_the_change(report: Report) -> Report:
    """The report as built when its snapshot had a `candidate` part quoting the answer key (report
    format 2), which the candidate's page used to read."""
    content = report.content
    topics = content["topics"]
    content["format"] = 2
    content["candidate"] = {
        "name": content["interview"]["candidate"],
        "kit": content["interview"]["kit"],
        "date": content["interview"]["scheduled_at"][:10],
        "level": content["overall"]["level"],
        "level_label": content["overall"]["level_label"],
        "bands": content["bands"],
        "topics": [
            {
                "name": topic["name"],
                "category": topic["category"],
                "strengths": topic["strengths"],
                "to_learn": topic["to_learn"],
                "to_go_further": topic["to_go_further"],
            }
            for topic in topics
        ],
    }
    Report.objects.filter(pk=report.pk).update(content=content, format_version=2)
    FeedbackPdf.objects.all().delete()  # rendered under the old rules: the migration drops them
    report.refresh_from_db()
    return report


def candidate_reads(client, report, *, share_level: bool) -> tuple[str, str]:
    _, token = services.feedback_link_create(
        report=report,
        created_by=report.interview.panelists.first().user,
        expires_at=services.default_link_expiry(),
        share_level=share_level,
    )
    page = client.get(reverse("reports:feedback", args=[token]))
    document = client.get(reverse("reports:feedback_pdf", args=[token]))
    assert (page.status_code, document.status_code) == (200, 200)
    return normal(without_tags(page.content.decode())), normal(pdf_text(document.content))


@pytest.mark.parametrize("built", ["today", "before the change"])
def test_no_rubric_text_reaches_the_candidate_page_or_pdf(client, shipped_report, built):
    report = shipped_report if built == "today" else as_before_the_change(shipped_report)
    key = answer_key(report.interview)
    assert len(key) > 50  # the check has something to find
    snapshot = normal(str(report.content))
    assert any(line in snapshot for line in key)  # the stored report does quote the key
    for share_level in (False, True):
        page, document = candidate_reads(client, report, share_level=share_level)
        leaked = sorted(line for line in key if line in page or line in document)
        assert leaked == []


def test_the_candidate_reads_the_curators_learning_notes(client, shipped_report):
    pinned = InterviewQuestion.objects.filter(interview=shipped_report.interview).select_related(
        "revision__question__topic"
    )
    notes = [
        normal(without_tags(p.revision.learning_html or p.revision.question.topic.learning_html))
        for p in pinned
    ]
    page, document = candidate_reads(client, shipped_report, share_level=False)
    shown = [note for note in notes if note and note[:40] in page]
    assert shown, "no learning note reached the candidate's page"
    assert any(note[:40] in document for note in shown)
