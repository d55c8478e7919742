"""import_sources and export_bank with a question's crib, starter code and its language, learning
notes, and a topic's learning notes: imported as written, refused with file:line when they break
a rule, and exported in the shipped file's field order."""

import pytest

from questionbank.importer import export_bank, import_sources
from questionbank.models import Question, Topic
from questionbank.services import RevisionContent
from tests.questionbank.factories import VALID, bank_fingerprint, import_errors, located

pytestmark = pytest.mark.django_db

CRIB = """\
    crib: |
      Hear: the P is handed off to another M on a blocking syscall.
      Probe: what does an idle P do with an empty run queue?
      Red flag: one OS thread per goroutine.
"""
CODE = """\
    starter_code: |
      package main

      func main() {
      \tgo work()
      }
    language: go
    learning: |
      - [Diagnostics](https://go.dev/doc/diagnostics)
"""
TOPIC_LEARNING = """\
    learning: |
      - [Container-aware GOMAXPROCS](https://go.dev/blog/container-aware-gomaxprocs)
"""


def with_extras(text: str = VALID) -> str:
    """VALID with a crib, starter code and learning notes on scheduler-gmp-model, and learning
    notes on the scheduler topic, each where the shipped file puts them."""
    text = text.replace(
        "    description: How goroutines meet threads.\n",
        "    description: How goroutines meet threads.\n" + TOPIC_LEARNING,
    )
    text = text.replace(
        "    guidance: |\n      Listen for hand-off.\n",
        CRIB + "    guidance: |\n      Listen for hand-off.\n",
    )
    return text.replace(
        "      - What does GOMAXPROCS default to in a container?\n",
        "      - What does GOMAXPROCS default to in a container?\n" + CODE,
    )


def test_it_imports_the_crib_starter_code_language_and_learning_notes():
    import_sources([("bank.yaml", with_extras())])
    content = RevisionContent.of(Question.objects.get(slug="scheduler-gmp-model").current_revision)
    assert content.crib.splitlines() == [
        "Hear: the P is handed off to another M on a blocking syscall.",
        "Probe: what does an idle P do with an empty run queue?",
        "Red flag: one OS thread per goroutine.",
    ]
    assert content.starter_code == "package main\n\nfunc main() {\n\tgo work()\n}\n"
    assert content.language == "go"
    assert content.learning == "- [Diagnostics](https://go.dev/doc/diagnostics)\n"
    revision = Question.objects.get(slug="scheduler-gmp-model").current_revision
    assert 'href="https://go.dev/doc/diagnostics"' in revision.learning_html
    topic = Topic.objects.get(slug="scheduler")
    assert topic.learning.startswith("- [Container-aware GOMAXPROCS]")
    assert 'href="https://go.dev/blog/container-aware-gomaxprocs"' in topic.learning_html


def test_a_question_without_them_imports_as_before():
    import_sources([("bank.yaml", with_extras())])
    content = RevisionContent.of(Question.objects.get(slug="gc-knobs").current_revision)
    assert (content.crib, content.starter_code, content.language, content.learning) == ("",) * 4


def test_reimporting_them_changes_nothing():
    import_sources([("bank.yaml", with_extras())])
    before = bank_fingerprint()
    report = import_sources([("bank.yaml", with_extras())])
    assert bank_fingerprint() == before
    assert (report.questions_unchanged, report.topics_updated) == (2, 0)


def test_adding_a_crib_to_a_question_is_a_new_revision():
    import_sources([("bank.yaml", VALID)])
    report = import_sources([("bank.yaml", with_extras())])
    assert (report.revisions_created, report.questions_unchanged) == (1, 1)
    assert Question.objects.get(slug="scheduler-gmp-model").current_revision.number == 2


def test_new_topic_learning_notes_update_the_topic_in_place():
    import_sources([("bank.yaml", VALID)])
    report = import_sources([("bank.yaml", with_extras())])
    assert report.topics_updated == 1
    assert "container-aware-gomaxprocs" in Topic.objects.get(slug="scheduler").learning_html


def test_they_are_exported_in_the_shipped_field_order_and_read_back_byte_for_byte():
    import_sources([("bank.yaml", with_extras())])
    text = export_bank()
    question = text[text.index("  - slug: scheduler-gmp-model") : text.index("kits:")]
    keys = [line[4:].split(":")[0] for line in question.splitlines() if line[4:5].isalpha()]
    assert keys == [
        "slug",
        "topic",
        "tags",
        "title",
        "prompt",
        "crib",
        "guidance",
        "follow_ups",
        "starter_code",
        "language",
        "learning",
        "expected_minutes",
        "target_level",
        "rubric",
    ]
    assert (
        "    starter_code: |\n      package main\n\n      func main() {\n      \tgo work()\n"
        in text
    )
    topic = text[text.index("  - slug: scheduler\n") : text.index("questions:")]
    assert [line[4:].split(":")[0] for line in topic.splitlines()[1:]][:3] == [
        "name",
        "description",
        "learning",
    ]
    import_sources([("export.yaml", text)])
    assert export_bank() == text


def test_a_crib_over_five_lines_is_refused_at_its_line():
    text = with_extras().replace(
        "      Red flag: one OS thread per goroutine.\n",
        "      Red flag: one OS thread per goroutine.\n      Four.\n      Five.\n      Six.\n",
    )
    assert import_errors(text) == [
        located(
            text,
            "    crib: |",
            "questions[0].crib",
            "the crib has 6 lines; the limit is 5 (it is read at a glance: the guidance holds "
            "the rest)",
        )
    ]


def test_a_crib_line_over_120_characters_is_refused_at_its_line():
    long = "Probe: " + "why " * 30
    text = with_extras().replace("Probe: what does an idle P do with an empty run queue?", long)
    assert import_errors(text) == [
        located(
            text,
            "    crib: |",
            "questions[0].crib",
            f"line 2 of the crib is {len(long)} characters long; the limit is 120",
        )
    ]


@pytest.mark.parametrize(
    ("old", "new", "needle", "path", "message"),
    [
        (
            "    language: go\n",
            "",
            "    starter_code: |",
            "questions[0].starter_code",
            "starter code needs its language: one of go, python, javascript, sql, text",
        ),
        (
            "    language: go\n",
            "    language: golang\n",
            "language: golang",
            "questions[0].language",
            "'golang' is not one of go, python, javascript, sql, text",
        ),
        (
            "    language: go\n",
            "    langauge: go\n",
            "langauge: go",
            "questions[0].langauge",
            "unknown field; did you mean 'language'?",
        ),
        (
            "    crib: |\n",
            "    crib: [Hear, Probe]\n    guidanc: |\n",
            "crib: [Hear",
            "questions[0].crib",
            "expected text; got a list",
        ),
        (
            "    learning: |\n      - [Diagnostics](https://go.dev/doc/diagnostics)\n",
            "    learning:\n      - Diagnostics\n",
            "    learning:\n      - Diagnostics",
            "questions[0].learning",
            "expected text; got a list",
        ),
    ],
    ids=[
        "code without its language",
        "an unknown language",
        "a misspelt field",
        "a crib that is not text",
        "learning that is not text",
    ],
)
def test_bad_extras_are_refused_at_their_line_and_change_nothing(old, new, needle, path, message):
    text = with_extras().replace(old, new, 1)
    assert located(text, needle, path, message) in import_errors(text)


def test_a_language_without_starter_code_is_refused():
    text = VALID.replace(
        "    expected_minutes: 5\n", "    language: sql\n    expected_minutes: 5\n"
    )
    assert import_errors(text) == [
        located(
            text,
            "language: sql",
            "questions[1].language",
            "a language is only for starter code, and there is none",
        )
    ]


def test_topic_learning_notes_must_be_text():
    text = with_extras().replace(TOPIC_LEARNING, "    learning: {read: this}\n")
    assert import_errors(text) == [
        located(text, "learning: {read", "topics[0].learning", "expected text; got a mapping")
    ]
