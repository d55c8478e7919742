"""Small, explicit builders for interview tests: a kit of N questions and a scheduled panel."""

from datetime import timedelta

from django.utils import timezone

from interviews.services import interview_schedule, interview_start
from questionbank.models import Kit, KitQuestion, Question, Topic
from questionbank.services import RevisionContent, revision_create


def make_kit(questions: int = 3, slug: str = "go-kit", signals=None, **revision_extras) -> Kit:
    """A kit of N five-minute questions in a slot they fill; signals [(level, text)] replace each
    question's three, and revision_extras (crib, starter_code, ...) go to each question."""
    topic, _ = Topic.objects.get_or_create(slug="concurrency", defaults={"name": "Concurrency"})
    kit = Kit.objects.create(
        slug=slug, name=f"Kit {slug}", target_level="senior", slot_minutes=5 * questions
    )
    for index in range(1, questions + 1):
        question = Question.objects.create(slug=f"{slug}-q{index}", topic=topic)
        revision_create(
            question=question,
            content=RevisionContent(
                title=f"Question {index} of {slug}",
                prompt=f"Explain thing {index}.\n\n```go\nfunc f{index}() {{}}\n```",
                guidance="Listen for the runtime details.",
                expected_minutes=5,
                anchors={
                    1: "No signal.",
                    2: "A mid-level answer.",
                    3: "A senior answer.",
                    4: "An exceptional answer.",
                },
                signals=signals
                or [
                    (2, f"Names part A of {index}"),
                    (3, f"Explains B of {index}"),
                    (4, f"Measures C of {index}"),
                ],
                red_flags=[f"Confuses {index} with something else"],
                follow_ups=["What if it blocks?", "How would you measure it?"],
                **revision_extras,
            ),
            publish=True,
        )
        KitQuestion.objects.create(kit=kit, question=question, position=index, minutes=5)
    return kit


def make_interview(panel, kit=None, lead=None, start: bool = True, questions: int = 3):
    kit = kit or make_kit(questions)
    interview = interview_schedule(
        candidate_name="Sam Candidate",
        candidate_email="sam@example.com",
        kit=kit,
        scheduled_at=timezone.now() + timedelta(minutes=5),
        panel=panel,
        lead=lead or panel[0],
    )
    if start:
        interview = interview_start(interview=interview)
    return interview


def rating_of(interview, user, position: int = 1):
    from interviews.models import Rating

    return Rating.objects.get(
        scorecard__interview=interview,
        scorecard__interviewer=user,
        interview_question__position=position,
    )
