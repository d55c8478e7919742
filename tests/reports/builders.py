"""Builders for report tests: a kit across topics, a live interview, a panel that rates and submits.

Everything goes through the real services (interview_schedule, interview_start, rating_save_*,
scorecard_submit, revision_create), so a report is built from what the console would have written.
"""

import contextlib
import uuid
from collections.abc import Sequence
from datetime import timedelta
from unittest import mock

from django.utils import timezone

from interviews.models import Interview, Loop, Rating, Scorecard
from interviews.reports import services as report_services
from interviews.reports import tasks as report_tasks
from interviews.reports.models import Report, ReportRequest
from interviews.services import (
    Rater,
    interview_schedule,
    interview_start,
    rating_save_level,
    rating_save_notes,
    rating_save_signals,
    rating_skip,
    scorecard_amend,
    scorecard_submit,
)
from questionbank.models import Kit, KitQuestion, Question, Topic
from questionbank.services import RevisionContent, revision_create

TOPICS = [("scheduler", "Scheduler"), ("memory", "Memory and GC"), ("context", "Context")]
SKIP = "skip"


def make_kit(
    *,
    questions: int = 4,
    topics: Sequence[tuple[str, str]] = TOPICS[:2],
    weights: Sequence[int] | None = None,
    target: str = "senior",
    slug: str | None = None,
) -> Kit:
    """A kit of N questions dealt round-robin over the topics; every rubric has four anchors,
    one signal per level and a red flag, with texts that name the question."""
    slug = slug or f"kit-{uuid.uuid4().hex[:8]}"
    topic_rows = [
        Topic.objects.get_or_create(slug=topic_slug, defaults={"name": name})[0]
        for topic_slug, name in topics
    ]
    kit = Kit.objects.create(
        slug=slug, name=f"Kit {slug}", target_level=target, slot_minutes=5 * questions
    )
    for index in range(1, questions + 1):
        question = Question.objects.create(
            slug=f"{slug}-q{index}", topic=topic_rows[(index - 1) % len(topic_rows)]
        )
        revision_create(
            question=question,
            content=RevisionContent(
                title=f"Question {index}",
                prompt=f"Explain mechanism {index}.",
                expected_minutes=5,
                target_level=target,
                anchors={
                    1: f"No signal on {index}.",
                    2: f"Mid-level answer on {index}.",
                    3: f"Senior answer on {index}: explains the runtime mechanism.",
                    4: f"Exceptional answer on {index}.",
                },
                signals=[(level, f"Signal L{level} of question {index}") for level in (1, 2, 3, 4)],
                red_flags=[f"Red flag of question {index}"],
            ),
            publish=True,
        )
        KitQuestion.objects.create(
            kit=kit,
            question=question,
            position=index,
            minutes=5,
            weight=weights[index - 1] if weights else 1,
        )
    return kit


def make_interview(
    *,
    kit: Kit,
    panel: Sequence,
    candidate: str = "Casey Candidate",
    start: bool = True,
    loop: Loop | None = None,
) -> Interview:
    """An interview (live unless start=False), in `loop` or in a loop of its own."""
    interview = interview_schedule(
        loop=loop,
        candidate_name=candidate,
        candidate_email=f"{uuid.uuid4().hex[:8]}@candidates.example.com",
        kit=kit,
        scheduled_at=timezone.now() - timedelta(minutes=1),
        panel=list(panel),
        lead=panel[0],
    )
    return interview_start(interview=interview) if start else interview


def scorecard_of(interview: Interview, user) -> Scorecard:
    return Scorecard.objects.select_related("interview").get(interview=interview, interviewer=user)


def rate(
    interview: Interview,
    user,
    levels: Sequence[int | str | None],
    *,
    notes: dict[int, str] | None = None,
    heard_up_to_level: bool = True,
) -> Scorecard:
    """Rate position i+1 with levels[i] (an int, SKIP, or None to leave it unasked). With
    heard_up_to_level, the signals at or below the chosen level are ticked."""
    scorecard = scorecard_of(interview, user)
    rater = Rater.of(scorecard)
    for position, level in enumerate(levels, start=1):
        rating = Rating.objects.select_related("interview_question__revision").get(
            scorecard=scorecard, interview_question__position=position
        )
        if level is None:
            continue
        if level == SKIP:
            rating_skip(
                rater=rater,
                position=position,
                reason="Ran out of time",
                version=rating.level_version,
            )
            continue
        rating_save_level(rater=rater, position=position, level=level, version=rating.level_version)
        if heard_up_to_level:
            signal_ids = list(
                rating.interview_question.revision.signals.filter(level__lte=level).values_list(
                    "id", flat=True
                )
            )
            rating_save_signals(
                rater=rater,
                position=position,
                signal_ids=signal_ids,
                version=rating.signals_version,
            )
    for position, text in (notes or {}).items():
        rating = Rating.objects.get(scorecard=scorecard, interview_question__position=position)
        rating_save_notes(rater=rater, position=position, notes=text, version=rating.notes_version)
    return scorecard


def submit(interview: Interview, user, *, recommendation: str = "yes", level: str = "senior"):
    return scorecard_submit(
        scorecard=scorecard_of(interview, user),
        recommendation=recommendation,
        level=level,
        summary=f"Summary by {user.username}.",
    )


def rate_and_submit(interview: Interview, ratings: dict, **kwargs) -> None:
    """ratings: user -> levels (or (levels, notes))."""
    for user, levels in ratings.items():
        notes = None
        if isinstance(levels, tuple):
            levels, notes = levels
        rate(interview, user, levels, notes=notes)
        submit(interview, user, **kwargs)


@contextlib.contextmanager
def enqueue_disabled():
    """Write report requests but hand nothing to Celery (the test builds them itself)."""
    with mock.patch.object(report_tasks, "report_build_enqueue", return_value=False) as patched:
        yield patched


def completed_interview(panel, levels: Sequence, *, kit: Kit | None = None, **kwargs) -> Interview:
    """A completed interview whose report request is written but not built."""
    kit = kit or make_kit(questions=len(levels))
    interview = make_interview(kit=kit, panel=panel, **kwargs)
    with enqueue_disabled():
        rate_and_submit(interview, {user: list(levels) for user in panel})
    interview.refresh_from_db()
    return interview


def open_request(interview: Interview) -> ReportRequest:
    return ReportRequest.objects.get(interview=interview, status__in=ReportRequest.OPEN)


def built_interview(panel, levels: Sequence, **kwargs) -> tuple[Interview, Report]:
    """A completed interview with its report built (in-process)."""
    interview = completed_interview(panel, levels, **kwargs)
    request = open_request(interview)
    report = report_services.report_build(request_id=request.pk)
    return interview, report


def noted_interview(ada, grace, note: str) -> tuple[Interview, Report]:
    """Ada rates 3, 2, 4 and leaves a note (private to the panel) on question 2, Grace rates
    3, 3, 4; the report is built."""
    interview = make_interview(kit=make_kit(questions=3), panel=[ada, grace])
    with enqueue_disabled():
        rate_and_submit(interview, {ada: ([3, 2, 4], {2: note}), grace: [3, 3, 4]})
    return interview, report_services.report_build(request_id=open_request(interview).pk)


AMEND_ALONE = "Alone with my notes"
AMEND_AFTER_READING = "Reconsidered after reading the panel"


def amended_interview(ada, grace) -> tuple[Interview, Report]:
    """Ada rates 3, 2, submits, and amends her recommendation (yes -> strong yes) while alone;
    Grace rates 1, 2 and submits; Ada then moves question 1 from 3 to 1 after reading Grace's
    card. The report is built from all of it."""
    interview = make_interview(kit=make_kit(questions=2), panel=[ada, grace])
    with enqueue_disabled():
        rate(interview, ada, [3, 2])
        mine = submit(interview, ada)
        scorecard_amend(scorecard=mine, author=ada, recommendation="strong_yes", reason=AMEND_ALONE)
        rate(interview, grace, [1, 2])
        submit(interview, grace)
        scorecard_amend(scorecard=mine, author=ada, ratings={1: 1}, reason=AMEND_AFTER_READING)
    report = report_services.report_build(request_id=open_request(interview).pk)
    return interview, report
