"""Writes to the question bank. Each service owns its transaction.

Publishing has one set of rules, kept here whoever asks (the admin, the YAML importer, tests, an
API); every path that publishes (`revision_publish`, `question_publish`,
`revisions_create(publish=True)`) applies all of them:

- only a complete rubric is published: four written anchors, levels 1 to 4, at least one signal
  with a level 1 to 4, and a prompt (`rubric_problems`);
- only starter code that parses is published: Go, the bank's language, is parsed
  (`code_problems`, rules.starter_code_syntax_problems), so broken code never reaches a candidate;
- never a revision older than the question's current one: it would undo newer content (edit the
  question as a new revision instead);
- the newest published revision becomes the question's current one, and the question is
  published; a retired question stays retired;
- a revision already published is left alone; "publish a question" publishes its newest
  revision, and only when that one is a draft;
- "edit as new revision" reopens a question's pending draft rather than stacking a second one
  (`revision_draft_open`).

Content no revision may hold, draft or published (a crib over five lines of 120 characters,
starter code without its language; `content.content_problems`), is refused by every write of a
revision (`revisions_create`, so the admin's "edit as new revision", the importer and tests) with
ContentRefused, and by every publish.

`publish_refusal` says which rule a revision breaks. A refusal raises PublishRefused, a
ValidationError whose messages say why, and changes nothing.
"""

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Max, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from questionbank import selectors
from questionbank.content import (
    RevisionContent,
    code_problems,
    content_problems,
    flat,
    rubric_problems,
)
from questionbank.models import (
    Anchor,
    FollowUp,
    KitQuestion,
    Question,
    QuestionRevision,
    RedFlag,
    Signal,
)

BATCH = 500
PARKED = 10000  # added to a kit entry's position while the kit's order is rewritten


class PublishRefused(ValidationError):
    """A revision may not be published; `messages` say why, one per revision. Nothing changed."""


class NothingToPublish(PublishRefused):
    """The question has no draft newer than its published revisions."""


class ContentRefused(ValidationError):
    """Content no revision may hold, draft or published (`content_problems`); `messages` name the
    question and say why. Nothing changed."""


def publish_refusal(
    *, revision: QuestionRevision, content: RevisionContent, current: int | None
) -> str | None:
    """Why this revision, with this content, may not be published; None when it may.

    `current` is the number of the question's current (newest published) revision, if any.
    """
    if current is not None and revision.number < current:
        return (
            f"{revision} is older than the current revision {current}; "
            "edit the question as a new revision instead."
        )
    problems = (
        rubric_problems(content) + flat(content_problems(content)) + flat(code_problems(content))
    )
    if problems:
        return f"{revision} cannot be published: " + "; ".join(problems)
    return None


def revision_create(
    *, question: Question, content: RevisionContent, publish: bool = False
) -> QuestionRevision:
    """Add the next revision of a question (a draft unless publish)."""
    [revision] = revisions_create(items=[(question, content)], publish=publish)
    return revision


def revisions_create(
    *, items: Sequence[tuple[Question, RevisionContent]], publish: bool = False
) -> list[QuestionRevision]:
    """Add the next revision of each question, its rubric included (drafts unless publish).

    The one way a revision is written: `revision_create` is this for one question, the importer
    calls it once for a whole file. It costs a constant number of queries however many items
    there are (HTML rendered and content hashed here, rows inserted in bulk). Every revision must
    pass `content_problems`, or ContentRefused names the questions that did not; published, every
    revision must also pass the rules `revision_publish` applies, or PublishRefused says which did
    not. Refused, nothing is written.
    """
    if not items:
        return []
    refusals = [
        f"{question.slug}: {message}"
        for question, content in items
        for message in flat(content_problems(content))
    ]
    if refusals:
        raise ContentRefused(refusals)
    with transaction.atomic():
        standings = _lock(question_ids={question.pk for question, _ in items})
        now = timezone.now()
        revisions = []
        for question, content in items:
            standing = standings[question.pk]
            standing.newest += 1
            revision = QuestionRevision(
                question=question,
                number=standing.newest,
                title=content.title,
                prompt=content.prompt,
                crib=content.crib,
                guidance=content.guidance,
                starter_code=content.starter_code,
                language=content.language,
                learning=content.learning,
                expected_minutes=content.expected_minutes,
                target_level=content.target_level,
                content_hash=content.content_hash(),
                published_at=now if publish else None,
            )
            revision.render()  # what QuestionRevision.save() does; bulk_create does not call it
            revisions.append(revision)
        if publish:
            _refuse_unpublishable(
                (revision, content, standings[question.pk].current)
                for revision, (question, content) in zip(revisions, items, strict=True)
            )
        QuestionRevision.objects.bulk_create(revisions, batch_size=BATCH)
        _rubrics_create(zip(revisions, (content for _, content in items), strict=True))
        if publish:
            _make_current(published=revisions, standings=standings, now=now)
    return revisions


def revision_publish(*, revision: QuestionRevision) -> QuestionRevision:
    """Freeze a complete draft revision and make it the question's current one.

    A revision already published is left as it is. PublishRefused says why a draft may not be
    published (see `publish_refusal`) and changes nothing.
    """
    with transaction.atomic():
        standings = _lock(question_ids={revision.question_id})
        return _publish(revision=revision, standings=standings)


def question_publish(*, question: Question) -> QuestionRevision:
    """Publish the question's newest revision, a draft: what "publish this question" means.

    NothingToPublish when its newest revision is already published, or it has none; otherwise as
    `revision_publish`.
    """
    with transaction.atomic():
        standing = _lock(question_ids={question.pk})[question.pk]
        if standing.newest == (standing.current or 0):
            raise NothingToPublish("no draft revision to publish.")
        newest = question.revisions.get(number=standing.newest)
        return _publish(revision=newest, standings={question.pk: standing})


def revision_draft_open(*, question: Question) -> tuple[QuestionRevision, bool]:
    """The draft to edit next, and whether it was created just now.

    A draft pending after the current revision is reopened rather than a second one stacked on
    it. Otherwise a new draft copies the current revision (or the newest one), or, for a question
    with no revision at all, starts blank, titled after the slug.
    """
    with transaction.atomic():
        _lock(question_ids={question.pk})
        newest = selectors.newest_revision(question)
        if newest is not None and not newest.is_published:
            return newest, False
        source = question.current_revision or newest
        if source is None:
            content = RevisionContent(title=question.slug.replace("-", " ").capitalize(), prompt="")
        else:
            content = RevisionContent.of(source)
        return revision_create(question=question, content=content), True


def question_create(*, question: Question, first_draft: RevisionContent) -> Question:
    """Save a new question together with its first revision, a draft."""
    with transaction.atomic():
        question.save()
        revision_create(question=question, content=first_draft)
    return question


def question_retire(*, question: Question) -> Question:
    """Retired questions stay readable (interviews pinned them) but leave new interviews."""
    question.status = Question.Status.RETIRED
    question.save(update_fields=["status", "updated_at"])
    return question


def question_restore(*, question: Question) -> Question:
    question.status = (
        Question.Status.PUBLISHED if question.current_revision_id else Question.Status.DRAFT
    )
    question.save(update_fields=["status", "updated_at"])
    return question


def question_duplicate(*, question: Question, slug: str) -> Question:
    """A new draft question whose first revision copies the source's newest revision."""
    with transaction.atomic():
        source = question.current_revision or selectors.newest_revision(question)
        copy = Question.objects.create(
            slug=slug, topic=question.topic, tags=list(question.tags), status=Question.Status.DRAFT
        )
        if source is not None:
            content = RevisionContent.of(source)
            revision_create(
                question=copy,
                content=RevisionContent(**(asdict(content) | {"title": f"{content.title} (copy)"})),
            )
    return copy


def kit_entries_park(*, entry_ids: Sequence[int]) -> None:
    """Move kit entries off the positions they hold, so that a kit's new order can then be written
    in any sequence without two entries holding one position.

    One statement; call it in the transaction that writes the new order.
    """
    if entry_ids:
        KitQuestion.objects.filter(pk__in=entry_ids).update(position=F("position") + PARKED)


# --- The steps every revision write shares -----------------------------------------------------


@dataclass
class _Standing:
    """Where a locked question stands: its status and its newest and current revision numbers."""

    status: str
    newest: int = 0
    current: int | None = None


def _lock(*, question_ids: set[int]) -> dict[int, _Standing]:
    """Lock the questions (concurrent writers then number and publish one at a time) and read
    where each stands, in two queries however many there are."""
    standings = {
        pk: _Standing(status=status)
        for pk, status in Question.objects.select_for_update()
        .filter(pk__in=question_ids)
        .order_by("pk")
        .values_list("pk", "status")
    }
    numbers = (
        QuestionRevision.objects.filter(question_id__in=question_ids)
        .order_by()
        .values("question_id")
        .annotate(newest=Max("number"), current=Max("number", filter=Q(published_at__isnull=False)))
    )
    missing = set(question_ids) - standings.keys()
    if missing:
        raise Question.DoesNotExist(f"No question with id {', '.join(map(str, sorted(missing)))}.")
    for row in numbers:
        standing = standings[row["question_id"]]
        standing.newest, standing.current = row["newest"], row["current"]
    return standings


def _publish(*, revision: QuestionRevision, standings: dict[int, _Standing]) -> QuestionRevision:
    """Publish a stored draft of a question locked by `_lock`."""
    if revision.stored_is_published():
        return revision
    content = RevisionContent.of(revision)
    _refuse_unpublishable([(revision, content, standings[revision.question_id].current)])
    revision.content_hash = content.content_hash()
    revision.published_at = timezone.now()
    revision.save()
    _make_current(published=[revision], standings=standings, now=revision.published_at)
    return revision


def _refuse_unpublishable(
    candidates: Iterable[tuple[QuestionRevision, RevisionContent, int | None]],
) -> None:
    refusals = [
        publish_refusal(revision=revision, content=content, current=current)
        for revision, content, current in candidates
    ]
    if any(refusals):
        raise PublishRefused([refusal for refusal in refusals if refusal])


def _rubrics_create(revisions: Iterable[tuple[QuestionRevision, RevisionContent]]) -> None:
    anchors, signals, red_flags, follow_ups = [], [], [], []
    for revision, content in revisions:
        anchors += [
            Anchor(revision=revision, level=level, text=text)
            for level, text in sorted(content.anchors.items())
        ]
        signals += [
            Signal(revision=revision, level=level, text=text, position=index)
            for index, (level, text) in enumerate(content.signals)
        ]
        red_flags += [
            RedFlag(revision=revision, text=text, position=index)
            for index, text in enumerate(content.red_flags)
        ]
        follow_ups += [
            FollowUp(revision=revision, text=text, position=index)
            for index, text in enumerate(content.follow_ups)
        ]
    for model, parts in ((Anchor, anchors), (Signal, signals), (RedFlag, red_flags)):
        model.objects.bulk_create(parts, batch_size=BATCH)
    FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)


def _make_current(
    *, published: list[QuestionRevision], standings: dict[int, _Standing], now
) -> None:
    """Each question's newest published revision becomes its current one, and the question is
    published (a retired one stays retired): one UPDATE however many questions."""
    newest_published = (
        QuestionRevision.objects.filter(question=OuterRef("pk"), published_at__isnull=False)
        .order_by("-number")
        .values("pk")[:1]
    )
    retired = Question.Status.RETIRED
    Question.objects.filter(pk__in={revision.question_id for revision in published}).update(
        current_revision=Subquery(newest_published),
        status=Case(
            When(status=retired, then=Value(retired)), default=Value(Question.Status.PUBLISHED)
        ),
        updated_at=now,
    )
    # The callers' objects say what the database now does. By id: a question holding its
    # revision, which holds it, would leave a whole import's rows to the cyclic collector.
    for revision in published:
        question = revision.question
        question.current_revision_id = revision.pk
        question.updated_at = now
        if standings[question.pk].status != retired:
            question.status = Question.Status.PUBLISHED
