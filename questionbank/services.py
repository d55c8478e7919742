"""Writes to the question bank. Each service owns its transaction."""

import hashlib
import json
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from questionbank.models import (
    ANCHOR_LEVELS,
    Anchor,
    FollowUp,
    Question,
    QuestionRevision,
    RedFlag,
    Signal,
)


@dataclass(frozen=True)
class RevisionContent:
    """Everything a revision says, in a plain form that import, export, admin and hashing share."""

    title: str
    prompt: str
    guidance: str = ""
    expected_minutes: int = 10
    target_level: str = "senior"
    anchors: dict[int, str] = field(default_factory=dict)
    signals: list[tuple[int, str]] = field(default_factory=list)
    red_flags: list[str] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)

    def content_hash(self) -> str:
        data = asdict(self)
        data["anchors"] = {str(level): text for level, text in sorted(self.anchors.items())}
        data["signals"] = [list(signal) for signal in self.signals]
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    @classmethod
    def of(cls, revision: QuestionRevision) -> "RevisionContent":
        return cls(
            title=revision.title,
            prompt=revision.prompt,
            guidance=revision.guidance,
            expected_minutes=revision.expected_minutes,
            target_level=revision.target_level,
            anchors={anchor.level: anchor.text for anchor in revision.anchors.all()},
            signals=[(signal.level, signal.text) for signal in revision.signals.all()],
            red_flags=[flag.text for flag in revision.red_flags.all()],
            follow_ups=[follow_up.text for follow_up in revision.follow_ups.all()],
        )


def rubric_problems(content: RevisionContent) -> list[str]:
    """What keeps a revision from being published; empty when it is complete."""
    problems = []
    if sorted(content.anchors) != list(ANCHOR_LEVELS):
        problems.append("a rubric needs exactly four anchors, levels 1 to 4")
    if any(not text.strip() for text in content.anchors.values()):
        problems.append("every anchor needs a written description")
    if not content.signals:
        problems.append("a rubric needs at least one signal")
    if any(level not in ANCHOR_LEVELS for level, _ in content.signals):
        problems.append("a signal's level must be 1-4")
    if not content.prompt.strip():
        problems.append("the prompt is empty")
    return problems


def revision_create(
    *, question: Question, content: RevisionContent, publish: bool = False
) -> QuestionRevision:
    """Add the next revision of a question (a draft unless publish)."""
    with transaction.atomic():
        # Lock the question so two curators saving at once get consecutive numbers.
        Question.objects.select_for_update().filter(pk=question.pk).first()
        latest = question.revisions.aggregate(latest=Max("number"))["latest"] or 0
        revision = QuestionRevision.objects.create(
            question=question,
            number=latest + 1,
            title=content.title,
            prompt=content.prompt,
            guidance=content.guidance,
            expected_minutes=content.expected_minutes,
            target_level=content.target_level,
            content_hash=content.content_hash(),
        )
        Anchor.objects.bulk_create(
            Anchor(revision=revision, level=level, text=text)
            for level, text in sorted(content.anchors.items())
        )
        Signal.objects.bulk_create(
            Signal(revision=revision, level=level, text=text, position=index)
            for index, (level, text) in enumerate(content.signals)
        )
        RedFlag.objects.bulk_create(
            RedFlag(revision=revision, text=text, position=index)
            for index, text in enumerate(content.red_flags)
        )
        FollowUp.objects.bulk_create(
            FollowUp(revision=revision, text=text, position=index)
            for index, text in enumerate(content.follow_ups)
        )
        if publish:
            revision_publish(revision=revision)
    return revision


def revision_publish(*, revision: QuestionRevision) -> QuestionRevision:
    """Freeze a complete draft revision and make it the question's current one."""
    with transaction.atomic():
        if revision.stored_is_published():
            return revision
        content = RevisionContent.of(revision)
        problems = rubric_problems(content)
        if problems:
            raise ValidationError(f"{revision} cannot be published: " + "; ".join(problems))
        revision.content_hash = content.content_hash()
        revision.published_at = timezone.now()
        revision.save()
        question = revision.question
        question.current_revision = revision
        if question.status != Question.Status.RETIRED:
            question.status = Question.Status.PUBLISHED
        question.save(update_fields=["current_revision", "status", "updated_at"])
    return revision


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
        source = question.current_revision or question.revisions.order_by("-number").first()
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
