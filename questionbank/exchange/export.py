"""The bank (or one kit) as a YAML document that imports back to exactly the same bank.

What is exported: every topic, every question that has a published revision (its current one),
every kit; with a kit slug, that kit alone with its questions and their topics. Topics, questions
and kits are sorted by slug (in Python, so the database's collation can't reorder them), a kit's
questions by position. Optional fields that are empty are left out. A question that was never
published has nothing to export, so it is left out, and so are kit entries that point at one.
"""

from django.db.models import Prefetch

from questionbank.exchange.dumping import Flow, dump
from questionbank.exchange.schema import FORMAT
from questionbank.models import Kit, KitQuestion, Question, Topic
from questionbank.services import RevisionContent


class UnknownKit(LookupError):
    def __init__(self, slug: str):
        super().__init__(f"there is no kit with the slug {slug!r}")
        self.slug = slug


def export_document(*, kit_slug: str | None = None) -> dict:
    questions = Question.objects.filter(current_revision__isnull=False)
    if kit_slug is None:
        kits = Kit.objects.all()
        topics = Topic.objects.all()
    else:
        kits = Kit.objects.filter(slug=kit_slug)
        if not kits.exists():
            raise UnknownKit(kit_slug)
        questions = questions.filter(kit_entries__kit__slug=kit_slug)
        topics = Topic.objects.filter(questions__in=questions).distinct()
    revision = "current_revision__"
    questions = questions.select_related("topic", "current_revision").prefetch_related(
        *(revision + part for part in ("anchors", "signals", "red_flags", "follow_ups"))
    )
    entries = KitQuestion.objects.filter(question__current_revision__isnull=False)
    kits = kits.prefetch_related(
        Prefetch("entries", queryset=entries.select_related("question").order_by("position"))
    )
    return {
        "format": FORMAT,
        "topics": [_topic(topic) for topic in sorted(topics, key=_slug)],
        "questions": [_question(question) for question in sorted(questions, key=_slug)],
        "kits": [_kit(kit) for kit in sorted(kits, key=_slug)],
    }


def export_text(*, kit_slug: str | None = None) -> str:
    return dump(export_document(kit_slug=kit_slug))


def _slug(instance) -> str:
    return instance.slug


def _topic(topic: Topic) -> dict:
    out = {"slug": topic.slug, "name": topic.name}
    _optional(out, description=topic.description, learning=topic.learning)
    return out


def _question(question: Question) -> dict:
    content = RevisionContent.of(question.current_revision)
    out: dict = {"slug": question.slug, "topic": question.topic.slug}
    if question.tags:
        out["tags"] = Flow(str(tag) for tag in question.tags)
    out["title"] = content.title
    out["prompt"] = content.prompt
    _optional(
        out,
        crib=content.crib,
        guidance=content.guidance,
        follow_ups=list(content.follow_ups),
        starter_code=content.starter_code,
        language=content.language,
        learning=content.learning,
    )
    out["expected_minutes"] = content.expected_minutes
    out["target_level"] = content.target_level
    rubric: dict = {
        "anchors": [
            {"level": level, "text": text} for level, text in sorted(content.anchors.items())
        ],
        "signals": [{"level": level, "text": text} for level, text in content.signals],
    }
    _optional(rubric, red_flags=list(content.red_flags))
    out["rubric"] = rubric
    return out


def _kit(kit: Kit) -> dict:
    out = {"slug": kit.slug, "name": kit.name}
    _optional(out, description=kit.description)
    out["target_level"] = kit.target_level
    _optional(
        out,
        slot_minutes=kit.slot_minutes,
        intro_minutes=kit.intro_minutes,
        closing_minutes=kit.closing_minutes,
    )
    out["questions"] = [
        {"question": entry.question.slug, "minutes": entry.minutes, "weight": entry.weight}
        for entry in kit.entries.all()
    ]
    return out


def _optional(out: dict, **fields) -> None:
    """Add the fields that say something, in the order given: empty text and lists, no slot and
    no minutes are left out (an import reads them back as the same defaults)."""
    out.update((name, value) for name, value in fields.items() if value)
