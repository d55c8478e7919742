"""import_sources: a valid bank loads in one go; importing it again changes nothing."""

import re
from pathlib import Path

import pytest
from django.db import IntegrityError

from questionbank.exchange import writing
from questionbank.importer import ImportFailed, import_sources
from questionbank.models import Kit, Question, QuestionRevision, Topic
from questionbank.rendering import render_markdown
from questionbank.services import RevisionContent, question_retire
from tests.questionbank.factories import (
    VALID,
    KitFactory,
    QuestionFactory,
    TopicFactory,
    bank_counts,
    bank_fingerprint,
    published_question,
)

pytestmark = pytest.mark.django_db


def load(text: str = VALID, name: str = "bank.yaml"):
    return import_sources([(name, text.encode())])


def test_it_loads_topics_questions_and_a_kit():
    report = load()
    assert (report.topics_created, report.questions_created, report.kits_created) == (2, 2, 1)
    assert set(Topic.objects.values_list("slug", flat=True)) == {"scheduler", "memory"}
    kit = Kit.objects.get(slug="senior-go")
    assert kit.name == "Senior Go: concurrency and performance"
    assert kit.description == "A short kit.\n"
    entries = list(kit.entries.values_list("question__slug", "position", "minutes", "weight"))
    assert entries == [("scheduler-gmp-model", 1, 8, 2), ("gc-knobs", 2, 5, 1)]


def test_an_imported_question_is_published_with_its_whole_rubric():
    load()
    question = Question.objects.get(slug="scheduler-gmp-model")
    assert question.status == Question.Status.PUBLISHED
    assert question.tags == ["runtime", "scheduler"]
    assert question.topic.slug == "scheduler"
    revision = question.current_revision
    assert revision.number == 1 and revision.is_published
    content = RevisionContent.of(revision)
    assert (
        content.prompt == "Explain **G**, **M** and **P**.\n\nWhat happens on a blocking syscall?\n"
    )
    assert content.anchors[4] == "Also covers work stealing and container-aware GOMAXPROCS."
    assert content.signals == [(3, "Mentions hand-off of the P.")]
    assert content.red_flags == ["Says goroutines are OS threads."]
    assert content.follow_ups == ["What does GOMAXPROCS default to in a container?"]
    assert (content.expected_minutes, content.target_level) == (8, "senior")


def test_it_writes_what_publishing_through_the_service_would():
    load()
    revision = Question.objects.get(slug="scheduler-gmp-model").current_revision
    assert revision.content_hash == RevisionContent.of(revision).content_hash()
    assert revision.prompt_html == render_markdown(revision.prompt)
    assert revision.guidance_html == render_markdown(revision.guidance)


def test_optional_fields_default_to_empty():
    load()
    question = Question.objects.get(slug="gc-knobs")
    content = RevisionContent.of(question.current_revision)
    assert question.tags == []
    assert (content.guidance, content.follow_ups, content.red_flags) == ("", [], [])
    assert Topic.objects.get(slug="memory").description == ""


def test_reimporting_the_same_content_changes_nothing():
    load()
    before = bank_fingerprint()
    report = load()
    assert bank_fingerprint() == before
    assert report.questions_unchanged == 2
    assert report.revisions_created == report.questions_created == report.kits_updated == 0
    assert report.topics_created == report.topics_updated == 0


def test_changed_content_gets_a_new_published_revision_and_keeps_the_old():
    load()
    load(VALID.replace("Explain **G**, **M** and **P**.", "Explain G, M and P in turn."))
    question = Question.objects.get(slug="scheduler-gmp-model")
    numbers = list(question.revisions.order_by("number").values_list("number", "prompt"))
    assert [number for number, _ in numbers] == [1, 2]
    assert numbers[0][1].startswith("Explain **G**")
    assert question.current_revision.number == 2
    assert question.current_revision.prompt.startswith("Explain G, M and P")
    assert question.status == Question.Status.PUBLISHED


def test_the_report_counts_the_new_revision():
    load()
    report = load(
        VALID.replace("level: 3\n          text: Mentions", "level: 4\n          text: Mentions")
    )
    assert (report.revisions_created, report.questions_unchanged) == (1, 1)
    assert "1 new revision," in report.summary()


def test_a_retired_question_stays_retired_and_still_gets_the_new_revision():
    load()
    question_retire(question=Question.objects.get(slug="gc-knobs"))
    load(VALID.replace("When would you set GOMEMLIMIT?", "When does GOMEMLIMIT help?"))
    question = Question.objects.get(slug="gc-knobs")
    assert question.status == Question.Status.RETIRED
    assert question.current_revision.number == 2


def test_a_retired_question_is_left_alone_when_its_content_is_unchanged():
    load()
    question_retire(question=Question.objects.get(slug="gc-knobs"))
    before = bank_fingerprint()
    load()
    assert bank_fingerprint() == before


def test_moving_a_question_or_retagging_it_makes_no_revision():
    load()
    report = load(VALID.replace("tags: [runtime, scheduler]", "tags: [runtime]"))
    question = Question.objects.get(slug="scheduler-gmp-model")
    assert question.tags == ["runtime"]
    assert question.revisions.count() == 1
    assert report.questions_updated == 1


def test_a_topic_is_renamed_in_place():
    load()
    report = load(VALID.replace("name: Memory and GC", "name: Memory, leaks and GC"))
    assert Topic.objects.get(slug="memory").name == "Memory, leaks and GC"
    assert report.topics_updated == 1 and report.topics_created == 0


def test_importing_a_kit_replaces_its_entries_and_details():
    load()
    kit_part = VALID.index("kits:")
    changed = VALID[:kit_part] + (
        "kits:\n"
        "  - slug: senior-go\n"
        "    name: Senior Go\n"
        "    target_level: staff\n"
        "    questions:\n"
        "      - question: gc-knobs\n"
        "        minutes: 10\n"
        "        weight: 3\n"
    )
    report = load(changed)
    kit = Kit.objects.get(slug="senior-go")
    assert (kit.name, kit.description, kit.target_level) == ("Senior Go", "", "staff")
    assert list(kit.entries.values_list("question__slug", "position", "minutes", "weight")) == [
        ("gc-knobs", 1, 10, 3)
    ]
    assert report.kits_updated == 1


def test_it_reads_several_files_as_one_input():
    topics, rest = VALID.split("questions:\n", 1)
    report = import_sources(
        [
            ("topics.yaml", topics.encode()),
            ("rest.yaml", f"format: loupe-questionbank/1\nquestions:\n{rest}"),
        ]
    )
    assert (report.topics_created, report.questions_created, report.kits_created) == (2, 2, 1)


def test_questions_and_kits_may_refer_to_what_the_bank_already_has():
    TopicFactory(slug="scheduler")
    TopicFactory(slug="profiling")
    published_question(slug="pprof-basics")
    text = (
        "format: loupe-questionbank/1\n"
        "questions:\n"
        + VALID.split("questions:\n", 1)[1]
        .split("kits:\n")[0]
        .replace("topic: memory", "topic: profiling")
        + "kits:\n"
        "  - slug: profiling-kit\n"
        "    name: Profiling\n"
        "    target_level: mid\n"
        "    questions:\n"
        "      - question: pprof-basics\n"
        "        minutes: 4\n"
        "      - question: gc-knobs\n"
        "        minutes: 5\n"
    )
    import_sources([("more.yaml", text)])
    assert Question.objects.get(slug="gc-knobs").topic.slug == "profiling"
    entries = Kit.objects.get(slug="profiling-kit").entries.values_list("question__slug", flat=True)
    assert list(entries) == ["pprof-basics", "gc-knobs"]


def test_a_file_with_only_the_format_line_imports_nothing():
    report = import_sources([("empty-bank.yaml", b"format: loupe-questionbank/1\n")])
    assert report.summary().startswith("Topics: 0 created")
    assert sum(bank_counts().values()) == 0


def test_it_accepts_text_as_well_as_bytes_and_a_byte_order_mark():
    import_sources([("bom.yaml", "\ufeff" + VALID)])
    assert Question.objects.count() == 2


def test_a_draft_question_in_the_bank_is_published_by_the_import():
    QuestionFactory(slug="gc-knobs", topic=TopicFactory(slug="memory-old"))
    load()
    question = Question.objects.get(slug="gc-knobs")
    assert question.status == Question.Status.PUBLISHED
    assert question.topic.slug == "memory"
    assert question.current_revision.number == 1


def test_an_unchanged_kit_is_not_touched():
    load()
    stamp = Kit.objects.get(slug="senior-go").updated_at
    load()
    assert Kit.objects.get(slug="senior-go").updated_at == stamp


def test_a_failed_import_leaves_an_earlier_one_intact():
    load()
    before = bank_fingerprint()
    with pytest.raises(ImportFailed):
        load(VALID.replace("expected_minutes: 5", "expected_minutes: 500"))
    assert bank_fingerprint() == before


def test_a_kit_that_already_exists_under_the_slug_is_updated_not_duplicated():
    KitFactory(slug="senior-go", name="Old name")
    load()
    assert Kit.objects.filter(slug="senior-go").count() == 1
    assert Kit.objects.get(slug="senior-go").name.startswith("Senior Go")
    assert QuestionRevision.objects.count() == 2


def test_the_documented_example_imports():
    docs = Path(__file__).resolve().parents[2] / "docs" / "question-format.md"
    example = re.search(r"```yaml\n(.*?)```", docs.read_text(encoding="utf-8"), re.DOTALL)
    report = import_sources([("example.yaml", example.group(1))])
    assert (report.topics_created, report.questions_created, report.kits_created) == (1, 1, 1)


def test_a_clash_with_a_concurrent_write_is_refused_cleanly(monkeypatch):
    def clash(*args, **kwargs):
        raise IntegrityError('duplicate key value violates unique constraint "x"\nDETAIL: y')

    monkeypatch.setattr(writing, "_kits", clash)
    with pytest.raises(ImportFailed) as failure:
        load()
    assert failure.value.errors == [
        "bank.yaml:1: (bank): the bank changed during the import (duplicate key value violates "
        'unique constraint "x" DETAIL: y); nothing was changed, try again'
    ]
    assert sum(bank_counts().values()) == 0
