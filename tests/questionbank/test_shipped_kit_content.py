"""The shipped question bank, questionbank/kits/senior-go.yaml, meets the content bar.

These checks read the YAML directly (no database): every question has a full rubric and a crib
short enough to read at a glance, interview kits fit their slots, and no text leans on a source
document the candidate has never seen.
"""

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

KIT_FILE = Path(__file__).resolve().parents[2] / "questionbank" / "kits" / "senior-go.yaml"

TOPIC_FIELDS = ["slug", "name", "description", "learning"]
QUESTION_FIELDS = [
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
KIT_FIELDS = [
    "slug",
    "name",
    "description",
    "target_level",
    "slot_minutes",
    "intro_minutes",
    "closing_minutes",
    "questions",
]
LANGUAGES = {"go", "python", "javascript", "sql", "text"}
INTERVIEW_KITS = {"senior-go-concurrency": 60, "senior-go-performance": 60, "go-phone-screen": 30}
# A source document the bank was once drafted from must leave no trace in what interviewers read.
FORBIDDEN_WORDS = re.compile(r"article|seed", re.IGNORECASE)


@pytest.fixture(scope="module")
def bank() -> dict:
    return yaml.safe_load(KIT_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def questions(bank) -> dict[str, dict]:
    return {question["slug"]: question for question in bank["questions"]}


@pytest.fixture(scope="module")
def kits(bank) -> dict[str, dict]:
    return {kit["slug"]: kit for kit in bank["kits"]}


@cache
def all_questions() -> list[dict]:
    return yaml.safe_load(KIT_FILE.read_text(encoding="utf-8"))["questions"]


def by_slug(items: list[dict]) -> list[str]:
    return [item["slug"] for item in items]


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings_in(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item)]
    return []


def in_order(keys: list[str], order: list[str]) -> bool:
    return all(key in order for key in keys) and keys == sorted(keys, key=order.index)


QUESTION_IDS = by_slug(all_questions())


@pytest.mark.parametrize("index", range(len(QUESTION_IDS)), ids=QUESTION_IDS)
def test_every_question_has_four_anchors_three_signals_a_red_flag_and_two_follow_ups(index):
    question = all_questions()[index]
    rubric = question["rubric"]
    assert sorted(anchor["level"] for anchor in rubric["anchors"]) == [1, 2, 3, 4]
    assert all(anchor["text"].strip() for anchor in rubric["anchors"])
    assert len(rubric["signals"]) >= 3
    assert all(signal["level"] in (1, 2, 3, 4) for signal in rubric["signals"])
    assert all(signal["text"].strip() for signal in rubric["signals"])
    assert len(rubric.get("red_flags", [])) >= 1
    assert len(question.get("follow_ups", [])) >= 2


@pytest.mark.parametrize("index", range(len(QUESTION_IDS)), ids=QUESTION_IDS)
def test_every_question_opens_with_a_crib_readable_at_a_glance(index):
    crib = all_questions()[index].get("crib")
    assert isinstance(crib, str) and crib.endswith("\n"), "the crib is a block of text"
    lines = crib.rstrip("\n").split("\n")
    assert 1 <= len(lines) <= 5
    assert all(line.strip() and len(line) <= 120 for line in lines), lines
    assert any(line.startswith("Probe:") for line in lines), "one probe separating senior from mid"
    assert any(line.startswith("Red flag:") for line in lines), "one red flag"


@pytest.mark.parametrize("index", range(len(QUESTION_IDS)), ids=QUESTION_IDS)
def test_starter_code_comes_with_its_language_and_the_prompt_does_not_repeat_it(index):
    question = all_questions()[index]
    assert ("starter_code" in question) == ("language" in question)
    if "starter_code" in question:
        assert question["language"] in LANGUAGES
        assert "```" not in question["prompt"], "the code lives in starter_code, not the prompt"


def test_every_question_has_a_sane_budget_and_level(questions):
    for slug, question in questions.items():
        assert isinstance(question["expected_minutes"], int), slug
        assert 1 <= question["expected_minutes"] <= 60, slug
        assert question["target_level"] in ("mid", "senior", "staff"), slug


def test_fields_are_in_the_exporters_order_and_lists_sorted_by_slug(bank):
    """So the shipped file round-trips byte for byte through export."""
    assert list(bank) == ["format", "topics", "questions", "kits"]
    for key, fields in (("topics", TOPIC_FIELDS), ("questions", QUESTION_FIELDS)):
        assert by_slug(bank[key]) == sorted(by_slug(bank[key])), key
        for item in bank[key]:
            assert in_order(list(item), fields), item["slug"]
    assert by_slug(bank["kits"]) == sorted(by_slug(bank["kits"]))
    for kit in bank["kits"]:
        assert in_order(list(kit), KIT_FIELDS), kit["slug"]


def test_every_topic_is_used_and_has_learning_notes(bank, questions):
    topics = {topic["slug"]: topic for topic in bank["topics"]}
    assert {question["topic"] for question in questions.values()} == set(topics)
    for slug, topic in topics.items():
        assert topic.get("learning", "").strip(), f"topic {slug} has no learning notes"


def test_no_text_mentions_an_article_or_a_seed(bank):
    offending = [text for text in strings_in(bank) if FORBIDDEN_WORDS.search(text)]
    assert offending == []


def test_the_three_interview_kits_exist_with_their_slots(kits):
    for slug, slot in INTERVIEW_KITS.items():
        assert slug in kits, slug
        assert kits[slug]["slot_minutes"] == slot, slug


def test_a_kit_with_a_slot_fits_it(kits, questions):
    for slug, kit in kits.items():
        if "slot_minutes" not in kit:
            assert "intro_minutes" not in kit and "closing_minutes" not in kit, slug
            continue
        asked = sum(entry["minutes"] for entry in kit["questions"])
        total = asked + kit["intro_minutes"] + kit["closing_minutes"]
        assert total <= kit["slot_minutes"], f"{slug}: {total} minutes in a {kit['slot_minutes']}"
        assert kit["intro_minutes"] >= 1 and kit["closing_minutes"] >= 1, slug
        assert all(entry["question"] in questions for entry in kit["questions"]), slug


def test_a_slotted_kit_budgets_each_question_close_to_its_expected_time(kits, questions):
    """A kit may ask a short version, but not a 20-minute exercise in 5 minutes or the reverse."""
    for slug, kit in kits.items():
        if "slot_minutes" not in kit:
            continue
        for entry in kit["questions"]:
            expected = questions[entry["question"]]["expected_minutes"]
            assert expected / 2 <= entry["minutes"] <= expected * 2, (slug, entry, expected)


def test_the_senior_go_collection_has_no_slot_and_lists_every_question(kits, questions):
    collection = kits["senior-go"]
    assert "slot_minutes" not in collection
    listed = [entry["question"] for entry in collection["questions"]]
    assert sorted(listed) == sorted(questions)


def test_kit_minutes_and_weights_are_whole_numbers_in_range(kits):
    for slug, kit in kits.items():
        for entry in kit["questions"]:
            assert isinstance(entry["minutes"], int) and 1 <= entry["minutes"] <= 60, slug
            assert 1 <= entry.get("weight", 1) <= 1000, slug
