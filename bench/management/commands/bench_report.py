"""Time a report build and its PDFs on a realistic interview: 20 questions, 3 panelists.

Everything it creates lives in one transaction that is rolled back at the end, so it is safe to run
on any database (it writes nothing that stays).

    python manage.py bench_report [--questions 20] [--panelists 3] [--repeat 5]

The PDF step reads the static CSS like the app does: after collectstatic in production, or with
DEBUG=1 in a checkout (e.g. `DEBUG=1 DATABASE_URL=postgres://... python manage.py bench_report`).
"""

import statistics
import time
import uuid
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone
from django_htmx.middleware import HtmxDetails

from config.roles import HIRING_MANAGER, INTERVIEWER, ensure_roles
from interviews.models import Rating, Scorecard
from interviews.reports import services, views
from interviews.reports.models import Report, ReportRequest
from interviews.reports.pdf import html_to_pdf
from interviews.rubrics import clear_caches
from interviews.services import (
    Seat,
    interview_schedule,
    interview_start,
    rating_save_level,
    rating_save_notes,
    rating_save_signals,
    rating_skip,
    scorecard_submit,
)
from interviews.synthetic import synthetic_kit
from questionbank.services import RevisionContent

TARGETS = {"html": 1.0, "pdf": 3.0}
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
        for label, key, target in (
            ("HTML build (read, score, render, store)", "html", TARGETS["html"]),
            ("Report PDF (page + WeasyPrint)", "pdf", TARGETS["pdf"]),
            ("Candidate feedback PDF", "feedback_pdf", TARGETS["pdf"]),
        ):
            times = results[key]
            verdict = "ok" if statistics.median(times) <= target else "OVER TARGET"
            self.stdout.write(
                f"  {label:<42} {min(times):6.3f} s / {statistics.median(times):6.3f} s / "
                f"{max(times):6.3f} s   target <= {target:g} s: {verdict}"
            )
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
            seat = Seat.of(scorecard)
            ratings = Rating.objects.filter(scorecard=scorecard).select_related(
                "interview_question__revision"
            )
            for rating in ratings:
                position = rating.interview_question.position
                if (position + index) % 11 == 0:
                    rating_skip(seat=seat, position=position, reason="Out of time", version=0)
                    continue
                level = 1 + (position * 3 + index * 2) % 4
                rating_save_level(seat=seat, position=position, level=level, version=0)
                heard = list(
                    rating.interview_question.revision.signals.filter(level__lte=level).values_list(
                        "id", flat=True
                    )
                )
                rating_save_signals(seat=seat, position=position, signal_ids=heard, version=0)
                rating_save_notes(
                    seat=seat,
                    position=position,
                    notes=sentence(position + index, 45),
                    version=0,
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
        results: dict[str, list[float]] = {"html": [], "pdf": [], "feedback_pdf": []}
        for _ in range(repeat):
            # A fresh build each time: drop the report so the inputs are not found built.
            ReportRequest.objects.filter(interview=interview).delete()
            Report.objects.filter(interview=interview).delete()
            request = ReportRequest.objects.create(interview=interview)
            clear_caches()
            started = time.perf_counter()
            services.report_build(request_id=request.pk)
            results["html"].append(time.perf_counter() - started)

        report = Report.objects.get(interview=interview)
        factory = RequestFactory()
        for _ in range(repeat):
            request = factory.get(f"/interviews/{interview.pk}/report.pdf")
            request.user = manager
            request.htmx = HtmxDetails(request)
            started = time.perf_counter()
            response = views.report_pdf(request, interview.pk)
            results["pdf"].append(time.perf_counter() - started)
        results["pdf_bytes"] = [len(response.content)]

        link, token = services.feedback_link_create(
            report=report,
            created_by=manager,
            expires_at=timezone.now() + timedelta(days=1),
            share_level=True,
        )
        for _ in range(repeat):
            started = time.perf_counter()
            html = render_to_string(views.FEEDBACK, views.feedback_context(link, token, pdf=True))
            html_to_pdf(html)
            results["feedback_pdf"].append(time.perf_counter() - started)
        return results
