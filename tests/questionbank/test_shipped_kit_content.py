"""The shipped question bank, questionbank/kits/senior-go.yaml, meets the content bar.

The format's rules (fields and their types, a crib of at most five lines of 120 characters,
starter code with its language, kits that fit their slot, minutes and weights in range) are the
importer's: the file is read and checked here by the importer's own steps, which must find
nothing wrong, and the checked rows it gives back are what the tests below hold to the bar the
bank sets itself, beyond the format: a full rubric, a crib in the house shape, learning notes per
topic, interview kits that budget each question close to its expected time, and no text leaning
on a source document the candidate has never seen. (That the file imports into a bank and
round-trips byte for byte is tests/questionbank/test_import_senior_go.py.)
"""

import re
from functools import cache
from pathlib import Path

import pytest

from questionbank.exchange.problems import Problems
from questionbank.exchange.reading import read
from questionbank.exchange.schema import Checked, QuestionRow, check

KIT_FILE = Path(__file__).resolve().parents[2] / "questionbank" / "kits" / "senior-go.yaml"
INTERVIEW_KITS = {"senior-go-concurrency": 60, "senior-go-performance": 60, "go-phone-screen": 30}
# A source document the bank was once drafted from must leave no trace in what interviewers read.
FORBIDDEN_WORDS = re.compile(r"article|seed", re.IGNORECASE)


@cache
def checked() -> tuple[Checked, tuple[str, ...]]:
    """The file as the importer reads and checks it, and every problem it found."""
    problems = Problems()
    root = read(KIT_FILE.name, KIT_FILE.read_bytes(), problems)
    rows, _ = check(KIT_FILE.name, root, problems)
    return rows, tuple(str(problem) for problem in problems)


def questions() -> list[QuestionRow]:
    return checked()[0].questions


QUESTION_IDS = [question.slug for question in questions()]


def each_question():
    return pytest.mark.parametrize("index", range(len(QUESTION_IDS)), ids=QUESTION_IDS)


def test_the_importer_finds_nothing_wrong_with_it():
    rows, problems = checked()
    assert problems == ()
    assert (len(rows.topics), len(rows.questions), len(rows.kits)) == (21, 39, 4)


@each_question()
def test_every_question_has_four_anchors_three_signals_a_red_flag_and_two_follow_ups(index):
    content = questions()[index].content
    assert all(text.strip() for text in content.anchors.values())  # four: the importer's rule
    assert len(content.signals) >= 3
    assert len(content.red_flags) >= 1
    assert len(content.follow_ups) >= 2


@each_question()
def test_every_question_opens_with_a_crib_of_what_to_hear_a_probe_and_a_red_flag(index):
    lines = questions()[index].content.crib.splitlines()  # its bounds: the importer's rule
    assert lines, "every question has a crib"
    assert any(line.startswith("Hear:") for line in lines), "what a good answer says"
    assert any(line.startswith("Probe:") for line in lines), "one probe separating senior from mid"
    assert any(line.startswith("Red flag:") for line in lines), "one red flag"


@each_question()
def test_an_exercise_keeps_its_code_in_starter_code_not_in_the_prompt(index):
    content = questions()[index].content
    if content.starter_code:
        assert "```" not in content.prompt, "the code lives in starter_code, not the prompt"


def test_every_topic_is_used_and_has_learning_notes():
    rows, _ = checked()
    topics = {topic.slug: topic for topic in rows.topics}
    assert {question.topic for question in rows.questions} == set(topics)
    for slug, topic in topics.items():
        assert topic.learning.strip(), f"topic {slug} has no learning notes"


def test_no_text_mentions_an_article_or_a_seed():
    text = KIT_FILE.read_text(encoding="utf-8")
    offending = [line for line in text.splitlines() if FORBIDDEN_WORDS.search(line)]
    assert offending == []


def test_the_three_interview_kits_exist_with_their_slots_introduction_and_closing():
    kits = {kit.slug: kit for kit in checked()[0].kits}
    for slug, slot in INTERVIEW_KITS.items():
        assert kits[slug].slot_minutes == slot, slug
        assert kits[slug].intro_minutes >= 1 and kits[slug].closing_minutes >= 1, slug


def test_a_slotted_kit_budgets_each_question_close_to_its_expected_time():
    """A kit may ask a short version, but not a 20-minute exercise in 5 minutes or the reverse."""
    expected = {question.slug: question.content.expected_minutes for question in questions()}
    for kit in checked()[0].kits:
        if kit.slot_minutes is None:
            continue
        for entry in kit.entries:
            wanted = expected[entry.question]
            assert wanted / 2 <= entry.minutes <= wanted * 2, (kit.slug, entry, wanted)


def test_a_kit_with_two_code_pad_exercises_keeps_minutes_for_the_hand_overs():
    """Moving into the code pad and back takes a minute or two each time: a kit asking for two
    exercises that fills its slot to the minute runs over in practice."""
    has_code = {question.slug: bool(question.content.starter_code) for question in questions()}
    for kit in checked()[0].kits:
        exercises = sum(has_code[entry.question] for entry in kit.entries)
        if kit.slot_minutes is None or exercises < 2:
            continue
        used = kit.intro_minutes + kit.closing_minutes + sum(e.minutes for e in kit.entries)
        assert kit.slot_minutes - used >= 2, kit.slug


def test_the_senior_go_collection_has_no_slot_and_lists_every_question():
    [collection] = [kit for kit in checked()[0].kits if kit.slug == "senior-go"]
    assert collection.slot_minutes is None
    assert sorted(entry.question for entry in collection.entries) == sorted(QUESTION_IDS)
