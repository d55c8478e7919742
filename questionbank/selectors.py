"""Read queries over the question bank that pages, the admin and the console share.

Each function returns in a constant number of queries, however many questions or rubric parts
there are: callers render what they get without touching the database again.
"""

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from questionbank.models import Question, QuestionRevision, Topic

RUBRIC_PARTS = ("anchors", "signals", "red_flags", "follow_ups")


def revisions_with_rubric() -> QuerySet[QuestionRevision]:
    """Revisions ready for the question card: question, topic and the whole rubric loaded.

    Four extra queries (one per rubric part) for any number of revisions.
    """
    return QuestionRevision.objects.select_related("question__topic").prefetch_related(
        *RUBRIC_PARTS
    )


def revision_for_display(
    question: Question, number: int | None = None, *, published_only: bool = False
) -> QuestionRevision:
    """One revision of a question with its rubric, for the question card (5 queries).

    number=None means the current revision (the newest published one); a question that was never
    published falls back to its newest draft unless published_only. Http404 when there is no such
    revision, or it is a draft and published_only.
    """
    revisions = revisions_with_rubric().filter(question=question)
    if published_only:
        revisions = revisions.filter(published_at__isnull=False)
    if number is not None:
        return get_object_or_404(revisions, number=number)
    if question.current_revision_id is not None:
        return get_object_or_404(revisions, pk=question.current_revision_id)
    newest = revisions.order_by("-number").first()
    if newest is None:
        raise Http404(f"{question} has no revision to show.")
    return newest


def published_questions(*, search: str = "", topic: Topic | None = None) -> QuerySet[Question]:
    """Questions interviewers may read (published, not retired or draft), by topic then slug.

    Search looks in the slug and the current revision's title and prompt. One query; the heavy
    text columns of the current revision are left out.
    """
    questions = (
        Question.objects.filter(status=Question.Status.PUBLISHED, current_revision__isnull=False)
        .select_related("topic", "current_revision")
        .defer(
            *(
                f"current_revision__{name}"
                for name in (
                    "prompt",
                    "crib",
                    "guidance",
                    "starter_code",
                    "learning",
                    "prompt_html",
                    "guidance_html",
                    "learning_html",
                )
            )
        )
        .order_by("topic__name", "slug")
    )
    if topic is not None:
        questions = questions.filter(topic=topic)
    if search:
        questions = questions.filter(
            Q(slug__icontains=search)
            | Q(current_revision__title__icontains=search)
            | Q(current_revision__prompt__icontains=search)
        )
    return questions


def published_question(slug: str) -> Question:
    """A question interviewers may read; Http404 for a draft, retired or unknown one."""
    return get_object_or_404(
        Question.objects.select_related("topic", "current_revision"),
        slug=slug,
        status=Question.Status.PUBLISHED,
        current_revision__isnull=False,
    )


def published_revision_numbers(question: Question) -> list[int]:
    """Numbers of a question's published revisions, oldest first."""
    return list(
        question.revisions.filter(published_at__isnull=False)
        .order_by("number")
        .values_list("number", flat=True)
    )


def topics_with_published_questions() -> QuerySet[Topic]:
    """Topics that have at least one published question, with that count (one query)."""
    return (
        Topic.objects.annotate(
            published_count=Count("questions", filter=Q(questions__status="published"))
        )
        .filter(published_count__gt=0)
        .order_by("name")
    )


def newest_revision(question: Question) -> QuestionRevision | None:
    """A question's newest revision, draft or published; None when it has none (one query)."""
    return question.revisions.order_by("-number").first()


def was_published(question: Question) -> bool:
    """Whether any revision of the question was ever published (one query): interviews may pin
    it, so the question is kept for ever."""
    return question.revisions.filter(published_at__isnull=False).exists()


def copy_slug(question: Question) -> str:
    """The first free slug of "<slug>-copy", "<slug>-copy-2", ... within the slug's length."""
    max_length = Question._meta.get_field("slug").max_length
    stem = question.slug[: max_length - len("-copy-999")]
    taken = set(Question.objects.filter(slug__startswith=stem).values_list("slug", flat=True))
    number = 1
    while True:
        suffix = "-copy" if number == 1 else f"-copy-{number}"
        candidate = question.slug[: max_length - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        number += 1


def question_revisions(question: Question) -> QuerySet[QuestionRevision]:
    """A question's revisions, newest first, without their text (one query)."""
    return question.revisions.order_by("-number").only(
        "id", "question_id", "number", "title", "published_at", "created_at"
    )


def revision_pair(
    question: Question, old: int, new: int
) -> tuple[QuestionRevision, QuestionRevision]:
    """Two revisions of a question with their rubrics (five queries); Http404 if one is missing."""
    revisions = revisions_with_rubric().filter(question=question, number__in=[old, new])
    found = {revision.number: revision for revision in revisions}
    if old not in found or new not in found:
        missing = old if old not in found else new
        raise Http404(f"{question} has no revision {missing}.")
    return found[old], found[new]
