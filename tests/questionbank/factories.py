"""Question-bank objects for tests, a valid YAML bank, and a fingerprint of every bank table."""

import hashlib
from dataclasses import replace

import factory

from questionbank.models import (
    Anchor,
    FollowUp,
    Kit,
    KitQuestion,
    Question,
    QuestionRevision,
    RedFlag,
    Signal,
    Topic,
)
from questionbank.services import RevisionContent, revision_create

BANK_MODELS = (
    Topic,
    Question,
    QuestionRevision,
    Anchor,
    Signal,
    RedFlag,
    FollowUp,
    Kit,
    KitQuestion,
)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Topic {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    """A draft question with no revision."""

    class Meta:
        model = Question

    slug = factory.Sequence(lambda n: f"question-{n}")
    topic = factory.SubFactory(TopicFactory)
    tags = factory.LazyFunction(list)


class KitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kit

    slug = factory.Sequence(lambda n: f"kit-{n}")
    name = factory.Sequence(lambda n: f"Kit {n}")


def content(**overrides) -> RevisionContent:
    """A complete revision: four anchors, signals, red flags and follow-ups."""
    complete = RevisionContent(
        title="How the scheduler maps goroutines to threads",
        prompt="Explain **G**, **M** and **P**.\n",
        guidance="Listen for hand-off on blocking syscalls.\n",
        expected_minutes=8,
        target_level="senior",
        anchors={
            1: "No model of the scheduler.",
            2: "Knows goroutines are multiplexed onto threads.",
            3: "Explains G, M, P and syscall hand-off.",
            4: "Also covers work stealing and container-aware GOMAXPROCS.",
        },
        signals=[(3, "Mentions hand-off of the P"), (4, "Knows GOMAXPROCS follows the CPU quota")],
        red_flags=["Says goroutines are OS threads"],
        follow_ups=["What does GOMAXPROCS default to in a container?"],
    )
    return replace(complete, **overrides)


def published_question(slug: str | None = None, topic: Topic | None = None, **changes) -> Question:
    question = QuestionFactory(**({"slug": slug} if slug else {}), topic=topic or TopicFactory())
    revision_create(question=question, content=content(**changes), publish=True)
    question.refresh_from_db()
    return question


def draft_revision(question: Question | None = None, **changes) -> QuestionRevision:
    return revision_create(question=question or QuestionFactory(), content=content(**changes))


def bank_fingerprint() -> str:
    """A hash of every row of every bank table: equal fingerprints, unchanged bank."""
    digest = hashlib.sha256()
    for model in BANK_MODELS:
        for row in model.objects.order_by("pk").values_list():
            digest.update(repr(row).encode())
        digest.update(b"|")
    return digest.hexdigest()


def bank_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in BANK_MODELS}


def import_errors(text: str, name: str = "bank.yaml") -> list[str]:
    """The errors an import of text raises; the bank must be left exactly as it was."""
    from questionbank.importer import ImportFailed, import_sources

    before = bank_fingerprint()
    try:
        import_sources([(name, text)])
    except ImportFailed as failure:
        assert bank_fingerprint() == before
        return failure.errors
    raise AssertionError("the import was expected to fail")


def located(text: str, needle: str, path: str, message: str, name: str = "bank.yaml") -> str:
    """The error an import gives at the first line holding needle."""
    return f"{name}:{line_of(text, needle)}: {path}: {message}"


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the nth occurrence of needle in text."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1


VALID = """\
format: loupe-questionbank/1
topics:
  - slug: scheduler
    name: Scheduler and GOMAXPROCS
    description: How goroutines meet threads.
  - slug: memory
    name: Memory and GC
questions:
  - slug: scheduler-gmp-model
    topic: scheduler
    tags: [runtime, scheduler]
    title: How the scheduler maps goroutines to threads
    prompt: |
      Explain **G**, **M** and **P**.

      What happens on a blocking syscall?
    guidance: |
      Listen for hand-off.
    follow_ups:
      - What does GOMAXPROCS default to in a container?
    expected_minutes: 8
    target_level: senior
    rubric:
      anchors:
        - level: 1
          text: No model of the scheduler.
        - level: 2
          text: Knows goroutines are multiplexed onto threads.
        - level: 3
          text: Explains G, M, P and syscall hand-off.
        - level: 4
          text: Also covers work stealing and container-aware GOMAXPROCS.
      signals:
        - level: 3
          text: Mentions hand-off of the P.
      red_flags:
        - Says goroutines are OS threads.
  - slug: gc-knobs
    topic: memory
    title: GOGC and GOMEMLIMIT
    prompt: When would you set GOMEMLIMIT?
    expected_minutes: 5
    target_level: mid
    rubric:
      anchors:
        - level: 1
          text: Has not heard of either.
        - level: 2
          text: Knows GOGC.
        - level: 3
          text: Knows GOMEMLIMIT and when it helps.
        - level: 4
          text: Explains the death-spiral risk and how the limit is soft.
      signals:
        - level: 2
          text: Describes GOGC as a heap growth ratio.
        - level: 4
          text: Mentions the soft limit.
kits:
  - slug: senior-go
    name: "Senior Go: concurrency and performance"
    description: |
      A short kit.
    target_level: senior
    questions:
      - question: scheduler-gmp-model
        minutes: 8
        weight: 2
      - question: gc-knobs
        minutes: 5
"""
