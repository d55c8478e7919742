"""export_bank and export_questions: stable YAML that imports back to exactly the same bank."""

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from questionbank.exchange.dumping import dump
from questionbank.exchange.problems import Problems
from questionbank.exchange.reading import read
from questionbank.importer import UnknownKit, export_bank, import_sources
from questionbank.models import Kit, KitQuestion, Question, Topic
from tests.questionbank.factories import (
    VALID,
    KitFactory,
    QuestionFactory,
    TopicFactory,
    bank_fingerprint,
    content,
    published_question,
)

pytestmark = pytest.mark.django_db

TRICKY = [
    "trailing space ",
    " leading space",
    "line one\nline two with trailing space \nthree",
    "ends with two newlines\n\n",
    "\n starts with a newline",
    "tabs\tinside\n\tand leading a line\n",
    "\ttab first\nthen more",
    "colon: and # hash and - dash",
    "- looks like a list item",
    "yes",
    "123",
    "null",
    "~",
    "'single' and \"double\" quotes",
    "unicode: naïve café — ✓ 日本語 🐹",
    "carriage\rreturn",
    "line\u2028separator and next\x85line",
    "bell\x07 and escape\x1b",
    "{flow: like} [this]",
    "%percent and @at and `backtick`",
]


def wipe_bank() -> None:
    """Empty every bank table (cascading deletes skip the models' immutability guards)."""
    KitQuestion.objects.all().delete()
    Kit.objects.all().delete()
    Question.objects.update(status=Question.Status.DRAFT, current_revision=None)
    Question.objects.all().delete()
    Topic.objects.all().delete()


def test_it_exports_topics_questions_and_kits_sorted_by_slug():
    import_sources([("bank.yaml", VALID)])
    text = export_bank()
    assert text.startswith("format: loupe-questionbank/1\ntopics:\n  - slug: memory\n")
    assert text.index("- slug: gc-knobs") < text.index("- slug: scheduler-gmp-model")
    assert text.index("topics:") < text.index("questions:") < text.index("kits:")


def test_it_writes_fields_in_the_documented_order():
    import_sources([("bank.yaml", VALID)])
    text = export_bank()
    question = text[text.index("  - slug: scheduler-gmp-model") : text.index("kits:")]
    keys = [line.split(":")[0].strip() for line in question.splitlines() if line.startswith("    ")]
    keys = [key for key in keys if not key.startswith("-") and key in _QUESTION_KEYS]
    assert keys == _QUESTION_KEYS


_QUESTION_KEYS = [
    "topic",
    "tags",
    "title",
    "prompt",
    "guidance",
    "follow_ups",
    "expected_minutes",
    "target_level",
    "rubric",
]


def test_it_writes_multi_line_text_as_block_scalars_and_tags_inline():
    import_sources([("bank.yaml", VALID)])
    text = export_bank()
    assert "    prompt: |\n      Explain **G**, **M** and **P**.\n\n      What happens" in text
    assert "    tags: [runtime, scheduler]\n" in text
    assert "    description: |\n      A short kit.\n" in text


def test_it_leaves_out_empty_optional_fields():
    import_sources([("bank.yaml", VALID)])
    text = export_bank()
    gc_knobs = text[text.index("- slug: gc-knobs") : text.index("- slug: scheduler-gmp-model")]
    for key in ("tags:", "guidance:", "follow_ups:", "red_flags:"):
        assert key not in gc_knobs


def test_export_then_import_then_export_is_byte_identical():
    import_sources([("bank.yaml", VALID)])
    first = export_bank()
    wipe_bank()
    import_sources([("export.yaml", first)])
    assert export_bank() == first


def test_importing_an_export_into_the_same_bank_changes_nothing():
    import_sources([("bank.yaml", VALID)])
    published_question(slug="from-the-admin")
    before = bank_fingerprint()
    report = import_sources([("export.yaml", export_bank())])
    assert bank_fingerprint() == before
    assert report.questions_unchanged == 3


def test_tricky_strings_survive_the_round_trip_exactly():
    for index, text in enumerate(TRICKY):
        published_question(
            slug=f"tricky-{index}",
            title=text.replace("\n", " ")
            .replace("\r", " ")
            .replace("\u2028", " ")
            .replace("\x85", " "),
            prompt=text,
            guidance=text,
            red_flags=[text],
            follow_ups=[text],
            anchors={1: text, 2: text, 3: text, 4: text},
            signals=[(2, text)],
        )
    before = bank_fingerprint()
    first = export_bank()
    import_sources([("export.yaml", first)])
    assert bank_fingerprint() == before, "re-importing the export must change nothing"
    wipe_bank()
    import_sources([("export.yaml", first)])
    assert export_bank() == first


def test_a_kit_export_holds_the_kit_its_questions_and_their_topics():
    import_sources([("bank.yaml", VALID)])
    published_question(slug="not-in-the-kit", topic=TopicFactory(slug="elsewhere"))
    KitFactory(slug="other-kit")
    text = export_bank(kit_slug="senior-go")
    assert "not-in-the-kit" not in text and "elsewhere" not in text and "other-kit" not in text
    assert "- slug: scheduler-gmp-model" in text and "- slug: memory" in text
    wipe_bank()
    import_sources([("kit.yaml", text)])
    assert export_bank(kit_slug="senior-go") == text


def test_kit_questions_come_in_position_order():
    import_sources([("bank.yaml", VALID)])
    text = export_bank(kit_slug="senior-go")
    assert text.index("question: scheduler-gmp-model") < text.index("question: gc-knobs")


def test_an_unknown_kit_is_refused():
    with pytest.raises(UnknownKit, match="no kit with the slug 'nope'"):
        export_bank(kit_slug="nope")


def test_questions_never_published_are_left_out_with_their_kit_entries():
    import_sources([("bank.yaml", VALID)])
    draft = QuestionFactory(slug="draft-only")
    KitQuestion.objects.create(kit=Kit.objects.get(), question=draft, position=3, minutes=5)
    text = export_bank()
    assert "draft-only" not in text
    import_sources([("export.yaml", text)])  # and the export still imports


def test_an_empty_bank_exports_an_empty_document():
    assert export_bank() == "format: loupe-questionbank/1\ntopics: []\nquestions: []\nkits: []\n"


def test_a_retired_question_is_still_exported():
    question = published_question(slug="old-favourite")
    question.status = Question.Status.RETIRED
    question.save()
    assert "- slug: old-favourite" in export_bank()


def test_export_questions_writes_to_stdout(capsys):
    import_sources([("bank.yaml", VALID)])
    call_command("export_questions")
    assert capsys.readouterr().out == export_bank()


def test_export_questions_writes_a_kit_to_a_file(tmp_path, capsys):
    import_sources([("bank.yaml", VALID)])
    target = tmp_path / "kit.yaml"
    call_command("export_questions", "--kit", "senior-go", "-o", str(target))
    assert target.read_text(encoding="utf-8") == export_bank(kit_slug="senior-go")
    assert f"Wrote {target}" in capsys.readouterr().out


def test_export_questions_refuses_an_unknown_kit():
    with pytest.raises(CommandError, match="no kit with the slug 'nope'"):
        call_command("export_questions", "--kit", "nope")


# --- the writer and reader agree on every string ----------------------------------------------

storable = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(storable, max_size=80))
@example("a\n\tb\n")
@example("x \n")
@example("\n\n")
@example("\x85")
def test_any_storable_text_reads_back_exactly_as_written(text):
    problems = Problems()
    document = read("t.yaml", dump({"text": text, "list": [text], "after": 1}), problems)
    assert list(problems) == []
    assert (document["text"], document["list"], document["after"]) == (text, [text], 1)


def test_content_factory_is_a_valid_import():
    # Keeps the shared test content publishable: the export tests rely on it.
    assert content().anchors.keys() == {1, 2, 3, 4}
