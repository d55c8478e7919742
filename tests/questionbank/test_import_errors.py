"""import_sources refuses bad input of any shape with located errors, and changes nothing.

Every error reads "file:line: field.path: message". (Long: one test per kind of bad input the
format can meet, kept together so that the list of what is refused reads as one spec.)
"""

import re

import pytest

from questionbank.importer import MAX_BYTES, ImportFailed, import_sources
from questionbank.models import Question
from tests.questionbank.factories import VALID, bank_fingerprint, line_of, published_question

pytestmark = pytest.mark.django_db

LOCATED = re.compile(r"^[^:]+:\d+: \S.*: .+$")


def errors_for(*sources) -> list[str]:
    """The errors an import of these (name, content) sources raises; the bank must be untouched."""
    before = bank_fingerprint()
    with pytest.raises(ImportFailed) as failure:
        import_sources(list(sources))
    assert bank_fingerprint() == before
    assert failure.value.errors, "ImportFailed must carry its errors"
    for error in failure.value.errors:
        assert LOCATED.match(error), error
        assert "\n" not in error
    return failure.value.errors


def errors_in(text: str | bytes, name: str = "senior-go.yaml") -> list[str]:
    return errors_for((name, text))


# --- located, and all of them at once -------------------------------------------------------


def test_it_reports_every_error_with_file_line_and_field():
    text = VALID.replace(
        "        - level: 4\n          text: Also", "        - level: 5\n          text: Also"
    )
    assert errors_in(text) == [
        f"senior-go.yaml:{line_of(text, 'level: 5')}: "
        "questions[0].rubric.anchors[3].level: level 5 is outside 1-4"
    ]


def test_it_reports_several_errors_together_in_line_order():
    text = (
        VALID.replace("expected_minutes: 8", "expected_minutes: eight")
        .replace("target_level: mid", "target_level: junior")
        .replace("weight: 2", "weight: 0")
    )
    assert errors_in(text) == [
        f"senior-go.yaml:{line_of(text, 'eight')}: questions[0].expected_minutes: "
        "expected a whole number 1-60; got the text 'eight'",
        f"senior-go.yaml:{line_of(text, 'junior')}: questions[1].target_level: "
        "'junior' is not one of mid, senior, staff",
        f"senior-go.yaml:{line_of(text, 'weight: 0')}: kits[0].questions[0].weight: "
        "weight 0 is outside 1-1000",
    ]


def test_it_checks_every_file_before_writing_any():
    good = ("good.yaml", VALID)
    bad = ("bad.yaml", "format: loupe-questionbank/1\ntopics:\n  - slug: x\n")
    assert errors_for(good, bad) == ["bad.yaml:3: topics[0].name: required field is missing"]


def test_errors_from_several_files_come_in_file_order():
    first = ("b.yaml", "format: loupe-questionbank/1\ntopics:\n  - name: No slug\n")
    second = ("a.yaml", "format: nope\n")
    assert errors_for(first, second) == [
        "b.yaml:3: topics[0].slug: required field is missing",
        "a.yaml:1: format: expected 'loupe-questionbank/1'; got 'nope'",
    ]


# --- not a bank document ----------------------------------------------------------------------


def test_it_refuses_text_that_is_not_yaml():
    errors = errors_in("format: loupe-questionbank/1\ntopics: [unclosed\n  - slug: x: y\n")
    assert len(errors) == 1
    assert re.match(r"senior-go\.yaml:\d+: \(yaml\): not YAML: ", errors[0])


def test_it_refuses_an_empty_file():
    assert errors_in(b"") == ["senior-go.yaml:1: (document): the file is empty"]
    assert errors_in(b"# only a comment\n") == ["senior-go.yaml:1: (document): the file is empty"]


@pytest.mark.parametrize(
    ("text", "got"),
    [("- a\n- b\n", "a list"), ("just words\n", "the text 'just words'"), ("---\n", "nothing")],
)
def test_it_refuses_a_document_that_is_not_a_mapping(text, got):
    assert errors_in(text) == [
        "senior-go.yaml:1: (document): expected a mapping with format, and optionally topics, "
        f"questions and kits; got {got}"
    ]


def test_it_needs_the_format_line():
    assert errors_in("topics: []\n") == ["senior-go.yaml:1: format: required field is missing"]


def test_it_refuses_another_format_version():
    assert errors_in("format: loupe-questionbank/2\n") == [
        "senior-go.yaml:1: format: expected 'loupe-questionbank/1'; got 'loupe-questionbank/2'"
    ]


def test_it_refuses_more_than_one_document():
    text = VALID + "---\nformat: loupe-questionbank/1\n"
    assert errors_in(text) == [
        f"senior-go.yaml:{line_of(text, '---')}: (yaml): only one YAML document per file "
        "(found '---')"
    ]


# --- bytes that are not YAML text -------------------------------------------------------------


def test_it_refuses_binary_files():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    assert errors_in(png, "logo.yaml") == [
        "logo.yaml:1: (file): not UTF-8 text: byte 0x89 at offset 0 is not valid UTF-8 "
        "(is this a binary file? save YAML as UTF-8)"
    ]


def test_it_names_the_line_of_a_byte_that_is_not_utf8():
    text = VALID.encode().replace(b"Memory and GC", b"M\xe9moire")
    [error] = errors_in(text)
    assert error.startswith(f"senior-go.yaml:{line_of(VALID, 'Memory and GC')}: (file): not UTF-8")


def test_it_refuses_control_characters():
    text = VALID.replace("Memory and GC", "Memory\x00and GC")
    assert errors_in(text) == [
        f"senior-go.yaml:{line_of(VALID, 'Memory and GC')}: (file): character U+0000 can't "
        "appear in YAML text (a control character, or a binary file?)"
    ]


def test_it_refuses_escaped_characters_the_database_cannot_store():
    text = VALID.replace("name: Memory and GC", 'name: "Memory\\0and GC"')
    assert errors_in(text) == [
        f"senior-go.yaml:{line_of(text, 'Memory')}: topics[1].name: contains U+0000, which "
        "can't be stored"
    ]


@pytest.mark.parametrize(
    ("written", "unreadable", "path"),
    [
        ("slug: gc-knobs", 'slug: "\\0"', "questions[1].slug"),
        ("topic: memory", 'topic: "\\0"', "questions[1].topic"),
        ("title: GOGC and GOMEMLIMIT", 'title: "\\0"', "questions[1].title"),
        ("prompt: When would you set GOMEMLIMIT?", 'prompt: "\\0"', "questions[1].prompt"),
        ("expected_minutes: 5", 'expected_minutes: "\\0"', "questions[1].expected_minutes"),
        ("target_level: mid", 'target_level: "\\0"', "questions[1].target_level"),
        (
            "- What does GOMAXPROCS",
            '- "\\0"\n      - What does GOMAXPROCS',
            "questions[0].follow_ups[0]",
        ),
        ("text: Mentions the soft limit.", 'text: "\\0"', "questions[1].rubric.signals[1].text"),
        ("- Says goroutines are OS threads.", '- "\\0"', "questions[0].rubric.red_flags[0]"),
    ],
)
def test_an_unreadable_question_part_is_reported_once_and_never_crashes(written, unreadable, path):
    # Found by test_import_property: the reader reports such a value itself, so the question's
    # checks saw no new problem of their own and went on to build from the missing part (a
    # TypeError or AttributeError: a 500 in the admin's upload).
    errors = errors_in(VALID.replace(written, unreadable, 1))
    reported = [
        error
        for error in errors
        if error.endswith(f": {path}: contains U+0000, which can't be stored")
    ]
    assert len(reported) == 1, errors


def test_an_unreadable_list_of_anchors_is_reported_once_and_never_crashes():
    anchors = VALID.index("anchors:")
    text = VALID[:anchors] + 'anchors: "\\0"\n' + VALID[VALID.index("      signals:", anchors) :]
    assert errors_in(text) == [
        f"senior-go.yaml:{line_of(text, 'anchors:')}: questions[0].rubric.anchors: contains "
        "U+0000, which can't be stored"
    ]


def test_it_refuses_files_over_the_size_limit_without_reading_them():
    huge = b"format: loupe-questionbank/1\n" + b"# padding\n" * (MAX_BYTES // 10)
    assert errors_in(huge, "huge.yaml") == [
        "huge.yaml:1: (file): the file is larger than the 5 MB limit; split it into several files"
    ]
    assert errors_in(huge.decode(), "huge.yaml")[0].startswith("huge.yaml:1: (file): the file is")


# --- YAML features the format does not use ----------------------------------------------------


def test_it_refuses_aliases_so_an_alias_bomb_cannot_expand():
    bomb = "format: loupe-questionbank/1\na: &a [x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefghij":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}]\n"
    errors = errors_in(bomb)
    assert "senior-go.yaml:3: b[0]: aliases (*a) are not allowed; write it out" in errors
    assert "senior-go.yaml:2: a: unknown field; expected format, topics, questions, kits" in errors


def test_it_refuses_an_alias_in_a_field():
    text = VALID.replace("name: Memory and GC", "name: &n Memory and GC").replace(
        "title: GOGC and GOMEMLIMIT", "title: *n"
    )
    assert errors_in(text) == [
        f"senior-go.yaml:{line_of(text, '*n')}: questions[1].title: "
        "aliases (*n) are not allowed; write it out"
    ]


def test_it_refuses_duplicate_keys():
    text = VALID.replace(
        "    expected_minutes: 5\n", "    expected_minutes: 5\n    expected_minutes: 6\n"
    )
    assert errors_in(text) == [
        f"senior-go.yaml:{line_of(text, 'expected_minutes: 6')}: questions[1].expected_minutes: "
        f"'expected_minutes' appears twice (first on line {line_of(text, 'expected_minutes: 5')})"
    ]


def test_it_refuses_python_and_other_tags():
    text = "format: loupe-questionbank/1\ntopics: !!python/object:os.system {}\n"
    assert errors_in(text) == [
        "senior-go.yaml:2: topics: the tag '!!python/object:os.system' is not supported here"
    ]
    text = "format: loupe-questionbank/1\ntopics: !!python/name:os.system x\n"
    assert errors_in(text) == [
        "senior-go.yaml:2: topics: the tag '!!python/name:os.system' is not supported here"
    ]
    text = VALID.replace("title: GOGC and GOMEMLIMIT", "title: !!binary R09HQw==")
    assert errors_in(text) == [
        f"senior-go.yaml:{line_of(text, '!!binary')}: questions[1].title: "
        "the tag '!!binary' is not supported here"
    ]


def test_it_refuses_deep_nesting():
    deep = "format: loupe-questionbank/1\ntopics: " + "[" * 50 + "]" * 50 + "\n"
    assert errors_in(deep) == ["senior-go.yaml:2: (yaml): nested more than 40 levels deep"]


def test_very_deep_nesting_cannot_exhaust_the_stack():
    deep = "format: loupe-questionbank/1\ntopics: " + "[" * 100_000 + "]" * 100_000 + "\n"
    [error] = errors_in(deep)
    assert error.startswith("senior-go.yaml:2: (yaml): ") and "nest" in error


def test_it_refuses_a_list_used_as_a_key():
    assert errors_in("format: loupe-questionbank/1\n? [a, b]\n: c\n") == [
        "senior-go.yaml:2: (document): a key must be a plain name, not a list or mapping"
    ]


# --- wrong shapes and values ------------------------------------------------------------------


def test_it_refuses_wrong_types_for_the_lists():
    text = "format: loupe-questionbank/1\ntopics: {a: 1}\nquestions: 3\nkits:\n  - 7\n"
    assert errors_in(text) == [
        "senior-go.yaml:2: topics: expected a list; got a mapping",
        "senior-go.yaml:3: questions: expected a list; got the number 3",
        "senior-go.yaml:5: kits[0]: expected a mapping of slug, name, description, "
        "target_level, slot_minutes, intro_minutes, closing_minutes, questions; got the number 7",
    ]


def test_it_refuses_unknown_keys_and_suggests_the_right_one():
    text = VALID.replace("title: GOGC and GOMEMLIMIT", "titel: GOGC and GOMEMLIMIT")
    assert errors_in(text) == [
        f"senior-go.yaml:{line_of(text, '- slug: gc-knobs')}: questions[1].title: "
        "required field is missing",
        f"senior-go.yaml:{line_of(text, 'titel')}: questions[1].titel: "
        "unknown field; did you mean 'title'?",
    ]


@pytest.mark.parametrize(
    ("field", "replacement", "message"),
    [
        (
            "slug: gc-knobs",
            "slug: GC Knobs",
            "'GC Knobs' is not a slug: use lowercase letters, digits and hyphens",
        ),
        ("title: GOGC and GOMEMLIMIT", "title: ''", "is blank"),
        (
            "title: GOGC and GOMEMLIMIT",
            "title: " + "t" * 201,
            "is 201 characters long; the limit is 200",
        ),
        ("title: GOGC and GOMEMLIMIT", 'title: "two\\nlines"', "must be a single line"),
        ("title: GOGC and GOMEMLIMIT", "title:", "is empty"),
        ("title: GOGC and GOMEMLIMIT", "title: [a, b]", "expected text; got a list"),
        ("prompt: When would you set GOMEMLIMIT?", "prompt: '   '", "is blank"),
        ("expected_minutes: 5", "expected_minutes: 61", "expected_minutes 61 is outside 1-60"),
        ("expected_minutes: 5", "expected_minutes: 0", "expected_minutes 0 is outside 1-60"),
        (
            "expected_minutes: 5",
            "expected_minutes: 5.5",
            "expected a whole number 1-60; got the number 5.5",
        ),
        (
            "expected_minutes: 5",
            "expected_minutes: yes",
            "expected a whole number 1-60; got true (a yes/no value)",
        ),
        (
            "expected_minutes: 5",
            "expected_minutes: '5'",
            "expected a whole number 1-60; got the text '5'",
        ),
        ("target_level: mid", "target_level: junior", "'junior' is not one of mid, senior, staff"),
    ],
)
def test_it_refuses_bad_question_fields(field, replacement, message):
    text = VALID.replace(field, replacement)
    key = replacement.split(":")[0]
    path = "questions[1]." + key
    error = f"senior-go.yaml:{line_of(text, replacement + chr(10))}: {path}: {message}"
    assert errors_in(text)[0] == error


def test_it_refuses_long_or_multi_line_tags():
    text = VALID.replace("tags: [runtime, scheduler]", f"tags: [runtime, {'x' * 41}]")
    assert errors_in(text) == [
        f"senior-go.yaml:{line_of(text, 'tags:')}: questions[0].tags[1]: "
        "is 41 characters long; the limit is 40"
    ]


def test_it_reads_plain_words_that_yaml_calls_booleans_or_numbers_as_text():
    text = VALID.replace("title: GOGC and GOMEMLIMIT", "title: yes").replace(
        "Says goroutines are OS threads.", "No"
    )
    report = import_sources([("senior-go.yaml", text)])
    assert report.questions_created == 2
    revision = Question.objects.get(slug="gc-knobs").current_revision
    assert revision.title == "yes"


# --- rubrics ----------------------------------------------------------------------------------


def test_it_needs_exactly_four_anchors():
    text = VALID.replace("        - level: 2\n          text: Knows GOGC.\n", "")
    assert errors_in(text) == [
        f"senior-go.yaml:{line_of(text, 'anchors:', 2)}: questions[1].rubric.anchors: "
        "needs exactly four anchors, one for each level 1-4; missing level 2"
    ]


def test_it_refuses_two_anchors_for_one_level():
    text = VALID.replace(
        "          text: Knows GOGC.",
        "          text: Knows GOGC.\n        - level: 2\n          text: Again.",
    )
    assert errors_in(text) == [
        f"senior-go.yaml:{line_of(text, 'level: 2', 3)}: questions[1].rubric.anchors[2].level: "
        "level 2 appears twice (also anchors[1])"
    ]


def test_it_needs_at_least_one_signal_with_a_level_1_to_4():
    text = VALID.replace(
        "      signals:\n        - level: 3\n          text: Mentions hand-off of the P.\n",
        "      signals: []\n",
    ).replace(
        "        - level: 4\n          text: Mentions the soft limit.",
        "        - level: 0\n          text: Mentions the soft limit.",
    )
    assert errors_in(text) == [
        f"senior-go.yaml:{line_of(text, 'signals: []')}: questions[0].rubric.signals: "
        "needs at least one signal",
        f"senior-go.yaml:{line_of(text, 'level: 0')}: questions[1].rubric.signals[1].level: "
        "level 0 is outside 1-4",
    ]


def test_an_anchor_needs_text():
    text = VALID.replace("text: Knows GOGC.", "text: ' '")
    line = line_of(text, "text: ' '")
    assert errors_in(text) == [
        f"senior-go.yaml:{line}: questions[1].rubric.anchors[1].text: is blank"
    ]


# --- slugs and references ---------------------------------------------------------------------


def test_it_refuses_a_slug_defined_twice_in_the_input():
    text = VALID.replace("slug: gc-knobs", "slug: scheduler-gmp-model")
    errors = errors_in(text)
    assert errors[0] == (
        f"senior-go.yaml:{line_of(text, 'slug: scheduler-gmp-model', 2)}: questions[1].slug: "
        f"question 'scheduler-gmp-model' is defined twice (also at senior-go.yaml:"
        f"{line_of(text, 'slug: scheduler-gmp-model')})"
    )


def test_it_refuses_a_slug_defined_in_two_files():
    topic = "format: loupe-questionbank/1\ntopics:\n  - slug: scheduler\n    name: Again\n"
    errors = errors_for(("a.yaml", VALID), ("b.yaml", topic))
    assert errors == [
        "b.yaml:3: topics[0].slug: topic 'scheduler' is defined twice (also at a.yaml:3)"
    ]


def test_it_refuses_references_to_unknown_topics_and_questions():
    text = VALID.replace("topic: memory", "topic: memroy").replace(
        "question: gc-knobs", "question: gc-knob"
    )
    assert errors_in(text) == [
        f"senior-go.yaml:{line_of(text, 'memroy')}: questions[1].topic: "
        "unknown topic 'memroy': not in this import or in the bank",
        f"senior-go.yaml:{line_of(text, 'question: gc-knob')}: kits[0].questions[1].question: "
        "unknown question 'gc-knob': not in this import or in the bank",
    ]


def test_references_resolve_against_the_bank():
    published_question(slug="pprof-basics")
    kit = (
        "format: loupe-questionbank/1\nkits:\n  - slug: k\n    name: K\n    target_level: mid\n"
        "    questions:\n      - question: pprof-basics\n        minutes: 3\n"
        "      - question: nowhere\n        minutes: 3\n"
    )
    assert errors_in(kit) == [
        "senior-go.yaml:9: kits[0].questions[1].question: "
        "unknown question 'nowhere': not in this import or in the bank"
    ]


def test_a_kit_lists_a_question_once():
    text = VALID.replace("question: gc-knobs", "question: scheduler-gmp-model")
    assert errors_in(text) == [
        f"senior-go.yaml:{line_of(text, 'question: scheduler-gmp-model', 2)}: "
        "kits[0].questions[1].question: 'scheduler-gmp-model' is already in this kit at "
        "questions[0]"
    ]


def test_references_wait_until_every_file_reads():
    broken = ("topics.yaml", "format: loupe-questionbank/1\ntopics: [\n")
    # Its questions refer to topics the broken file was meant to define: no noise about them.
    questions_only = "format: loupe-questionbank/1\nquestions:" + VALID.split("questions:", 1)[1]
    questions = ("questions.yaml", questions_only)
    errors = errors_for(broken, questions)
    assert len(errors) == 1 and errors[0].startswith("topics.yaml:")


def test_a_missing_file_name_still_gives_a_located_error():
    assert errors_for(("", b"format: 1\n")) == [
        "(unnamed):1: format: expected 'loupe-questionbank/1'; got '1'"
    ]


def test_it_caps_the_lists_inside_a_question():
    flags = "".join(f"        - Red flag {n}\n" for n in range(201))
    text = VALID.replace(
        "      red_flags:\n        - Says goroutines are OS threads.\n",
        "      red_flags:\n" + flags,
    )
    assert errors_in(text) == [
        f"senior-go.yaml:{line_of(text, 'red_flags:')}: questions[0].rubric.red_flags: "
        "has 201 items; the limit is 200"
    ]


def test_it_keeps_messages_short_for_absurd_numbers():
    text = VALID.replace("expected_minutes: 5", "expected_minutes: " + "9" * 4000)
    [error] = errors_in(text)
    assert error.endswith(
        "questions[1].expected_minutes: expected_minutes 999999999… is outside 1-60"
    )


def test_it_refuses_values_an_explicit_tag_cannot_read():
    text = VALID.replace("expected_minutes: 5", "expected_minutes: !!int five")
    assert errors_in(text) == [
        f"senior-go.yaml:{line_of(text, '!!int')}: questions[1].expected_minutes: "
        "'five' can't be read as a whole number"
    ]


def test_what_only_looks_like_a_number_or_date_is_text():
    text = VALID.replace("expected_minutes: 5", "expected_minutes: " + "9" * 5000)
    [error] = errors_in(text)
    assert "expected_minutes: expected a whole number 1-60; got the text '999" in error
    text = VALID.replace("title: GOGC and GOMEMLIMIT", "title: 2026-02-30")
    import_sources([("senior-go.yaml", text)])
    assert Question.objects.get(slug="gc-knobs").current_revision.title == "2026-02-30"


def test_a_file_name_with_control_characters_keeps_errors_on_one_line():
    assert errors_for(("bad\nname.yaml", b"format: 1\n")) == [
        "bad?name.yaml:1: format: expected 'loupe-questionbank/1'; got '1'"
    ]
