"""Time a report build and its PDFs on a realistic interview: 20 questions, 3 panelists.

The build renders the report's four PDFs (the hiring managers', the panel's, the candidate's with
and without the level) and stores them; a download serves the stored bytes. Both are timed, and so
is the first download of a report built before PDFs were stored, which renders its PDF once.

Everything it creates lives in one transaction that is rolled back at the end, so it is safe to run
on any database (it writes nothing that stays).

    python manage.py bench_report [--questions 20] [--panelists 3] [--repeat 5]

The PDF step reads the static CSS like the app does: after collectstatic in production, or with
DEBUG=1 in a checkout (e.g. `DEBUG=1 DATABASE_URL=postgres://... python manage.py bench_report`).
"""

import statistics
import time
import uuid
from collections import defaultdict
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser, Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import RequestFactory, override_settings
from django.utils import timezone
from django_htmx.middleware import HtmxDetails

from config.roles import HIRING_MANAGER, INTERVIEWER, ensure_roles
from interviews.models import Scorecard
from interviews.reports import feedback, feedback_views, services, views
from interviews.reports.models import FeedbackPdf, Report, ReportPdf, ReportRequest
from interviews.rubrics import clear_caches
from interviews.services import (
    interview_schedule,
    interview_start,
    scorecard_submit,
)
from interviews.synthetic import rate_through_services, synthetic_kit
from questionbank.services import RevisionContent

TARGETS = {"html": 1.0, "pdf": 3.0, "build": 10.0, "download": 0.1}
# (label, results key, target in seconds or None)
ROWS = (
    ("Report build, total (HTML and 4 PDFs)", "build", TARGETS["build"]),
    ("  HTML build (read, score, render, store)", "html", TARGETS["html"]),
    ("  PDFs rendered in the build (sum)", "pdfs", None),
    ("  Managers' PDF (WeasyPrint)", "render_managers", TARGETS["pdf"]),
    ("  Panel's PDF (WeasyPrint)", "render_panel", TARGETS["pdf"]),
    ("  Candidate feedback PDF, level shown (WeasyPrint)", "render_feedback", TARGETS["pdf"]),
    ("Report PDF download (stored)", "pdf", TARGETS["download"]),
    ("Report PDF download, none stored (renders)", "pdf_first", TARGETS["pdf"]),
    ("Candidate feedback PDF download (stored)", "feedback_pdf", TARGETS["download"]),
)
# The downloads are timed through the views, their rate limiter included but never refusing.
UNLIMITED = (1_000_000, 1_000_000)
TOPICS = 6
WORDS = [
    "goroutine",
    "scheduler",
    "preemption",
    "channel",
    "mutex",
    "contention",
    "allocation",
    "escape",
    "heap",
    "stack",
    "profile",
    "latency",
    "throughput",
    "backpressure",
    "cancellation",
    "deadline",
    "buffer",
    "cache",
    "locality",
]


def sentence(seed: int, words: int) -> str:
    picked = [WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(words)]
    return (" ".join(picked)).capitalize() + "."


def long_revision(index: int) -> RevisionContent:
    """Text as long as a real question's, so rendering costs what it costs in production."""
    return RevisionContent(
        title=f"Question {index}: {sentence(index, 5)}",
        prompt=sentence(index, 40),
        anchors={level: sentence(index + level, 35) for level in (1, 2, 3, 4)},
        signals=[(1 + s % 4, sentence(index * 5 + s, 12)) for s in range(6)],
        red_flags=[sentence(index + 50, 14), sentence(index + 51, 10)],
    )


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Build a report of N questions by M panelists and print the HTML build and PDF times."

    def add_arguments(self, parser):
        parser.add_argument("--questions", type=int, default=20)
        parser.add_argument("--panelists", type=int, default=3)
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, questions: int, panelists: int, repeat: int, **options):
        results: dict[str, list[float]] = {}
        try:
            with transaction.atomic():
                interview, manager = self.interview(questions, panelists)
                results = self.measure(interview, manager, repeat)
                raise Rollback
        except Rollback:
            pass
        finally:
            clear_caches()
        vendor = connection.vendor
        self.stdout.write(
            f"bench_report: {questions} questions x {panelists} panelists on {vendor}, "
            f"{repeat} runs each (min / median / max)"
        )
        for label, key, target in ROWS:
            times = results[key]
            line = (
                f"  {label:<46} {min(times):6.3f} s / {statistics.median(times):6.3f} s / "
                f"{max(times):6.3f} s"
            )
            if target is not None:
                verdict = "ok" if statistics.median(times) <= target else "OVER TARGET"
                line += f"   target <= {target:g} s: {verdict}"
            self.stdout.write(line)
        self.stdout.write(f"  report PDF size: {results['pdf_bytes'][0] / 1024:.0f} KiB")

    # --- data --------------------------------------------------------------------------------

    def interview(self, questions: int, panelists: int):
        ensure_roles()
        tag = uuid.uuid4().hex[:8]
        panel = []
        for index in range(panelists):
            user = User.objects.create_user(
                username=f"bench-{tag}-{index}",
                first_name=f"Panelist{index}",
                last_name="Bench",
                email=f"bench-{tag}-{index}@example.com",
            )
            user.groups.add(Group.objects.get(name=INTERVIEWER))
            panel.append(user)
        manager = User.objects.create_user(username=f"bench-{tag}-manager")
        manager.groups.add(Group.objects.get(name=HIRING_MANAGER))
        kit = synthetic_kit(
            slug=f"bench-{tag}",
            questions=questions,
            topics=TOPICS,
            minutes=4,
            revision=long_revision,
            topic_name=lambda i: f"Topic {i}: {sentence(i, 3)}",
            weight=lambda index: 1 + index % 3,
        )
        interview = interview_schedule(
            candidate_name="Bench Candidate",
            candidate_email=f"bench-{tag}@candidates.example.com",
            kit=kit,
            scheduled_at=timezone.now() - timedelta(hours=1),
            panel=panel,
            lead=panel[0],
        )
        interview = interview_start(interview=interview)
        for index, user in enumerate(panel):
            scorecard = Scorecard.objects.get(interview=interview, interviewer=user)
            rate_through_services(
                scorecard,
                level_for=lambda position, index=index: (
                    None if (position + index) % 11 == 0 else 1 + (position * 3 + index * 2) % 4
                ),
                notes_for=lambda position, index=index: sentence(position + index, 45),
            )
            scorecard_submit(
                scorecard=scorecard,
                recommendation="yes",
                level="senior",
                summary=sentence(index, 60),
            )
        return interview, manager

    # --- timings -----------------------------------------------------------------------------

    def measure(self, interview, manager, repeat: int) -> dict[str, list[float]]:
        results: dict[str, list[float]] = defaultdict(list)
        for _ in range(repeat):
            # A fresh build each time: drop the report so the inputs are not found built.
            ReportRequest.objects.filter(interview=interview).delete()
            Report.objects.filter(interview=interview).delete()
            FeedbackPdf.objects.all().delete()  # inside the rolled-back transaction
            request = ReportRequest.objects.create(interview=interview)
            clear_caches()
            started = time.perf_counter()
            services.report_build(request_id=request.pk)
            build = time.perf_counter() - started
            rendered = dict(
                ReportPdf.objects.filter(report__interview=interview).values_list(
                    "variant", "render_ms"
                )
            )
            report = Report.objects.get(interview=interview)
            shown = [feedback.Shown(report.content, report.inputs_hash)]
            rendered["feedback"] = FeedbackPdf.objects.get(
                digest=feedback.pdf_digest(shown, share_level=True)
            ).render_ms
            rendered["feedback_hidden"] = FeedbackPdf.objects.get(
                digest=feedback.pdf_digest(shown, share_level=False)
            ).render_ms
            pdfs = sum(rendered.values()) / 1000
            results["build"].append(build)
            results["pdfs"].append(pdfs)
            results["html"].append(build - pdfs)
            for variant, milliseconds in rendered.items():
                results[f"render_{variant}"].append(milliseconds / 1000)

        report = Report.objects.get(interview=interview)
        _, token = services.feedback_link_create(
            report=report,
            created_by=manager,
            expires_at=timezone.now() + timedelta(days=1),
            share_level=True,
        )
        limits = {"REPORT_PDF_RATE_LIMIT": UNLIMITED, "FEEDBACK_LINK_RATE_LIMIT": UNLIMITED}
        with override_settings(**limits):
            for _ in range(repeat):
                took, size = download(views.report_pdf, manager, interview.pk)
                results["pdf"].append(took)
            results["pdf_bytes"] = [size]
            for _ in range(repeat):
                ReportPdf.objects.filter(report=report, variant="managers").delete()
                results["pdf_first"].append(download(views.report_pdf, manager, interview.pk)[0])
            for _ in range(repeat):
                results["feedback_pdf"].append(
                    download(feedback_views.feedback_pdf, None, token)[0]
                )
        return results


def download(view, user, key) -> tuple[float, int]:
    """Seconds the view took to answer, and the size of the PDF it served."""
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    request.htmx = HtmxDetails(request)
    started = time.perf_counter()
    response = view(request, key)
    took = time.perf_counter() - started
    if response.status_code != 200:
        raise CommandError(f"{view.__name__} answered {response.status_code}")
    return took, len(response.content)
