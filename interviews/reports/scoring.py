"""The report's arithmetic, as pure functions of plain numbers (no database, no Django).

The formula, which the report page prints in FORMULA:

- Each rating is an anchor level 1-4 (1 no signal, 2 mid-level answer, 3 senior answer,
  4 exceptional). Skipped and unrated questions carry no level and are left out, never counted
  as zero.
- Question score q = the mean of the panel's levels on that question.
- Topic score = sum(w * q) / sum(w) over the topic's rated questions, w being the question's
  weight in the kit (InterviewQuestion.weight).
- Overall score = sum(w * q) / sum(w) over every rated question.
- Scores are rounded half-up to two decimals, then banded (the band uses the rounded value, so the
  number printed and the band printed always agree):
  below 2.00 below mid · 2.00-2.59 mid · 2.60-3.29 senior · 3.30 and above staff.
  A mid-level answer (2) on everything is mid; mostly senior answers (3) with a few mid ones is
  senior; staff needs exceptional answers (4) on a good share of the kit.
- Agreement per question: spread = max - min of the panel's levels, and their population
  standard deviation; a spread of 2 levels or more is flagged.
- A topic scoring 3.00 or more is a strength; below 2.50 it is a growth area.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

LEVELS = (1, 2, 3, 4)
BELOW_MID, MID, SENIOR, STAFF = "below_mid", "mid", "senior", "staff"
LEVEL_LABELS = {BELOW_MID: "Below mid", MID: "Mid-level", SENIOR: "Senior", STAFF: "Staff"}
# Lower bound of each band (inclusive), highest first.
BAND_FLOORS: tuple[tuple[str, Decimal], ...] = (
    (STAFF, Decimal("3.30")),
    (SENIOR, Decimal("2.60")),
    (MID, Decimal("2.00")),
)
# Where a kit's target level starts on the same scale; the chart draws it as a line.
TARGET_SCORES = {MID: Decimal("2.00"), SENIOR: Decimal("2.60"), STAFF: Decimal("3.30")}
STRENGTH_FROM = Decimal("3.00")
GROWTH_BELOW = Decimal("2.50")
FLAG_SPREAD = 2

FORMULA = (
    "Each rating is an anchor level from 1 (no signal) to 4 (exceptional); skipped or unrated "
    "questions are left out, not counted as zero.",
    "Question score = mean of the panel's levels on that question.",
    "Topic score = Σ(weight * question score) ÷ Σ(weight) over the topic's rated questions; "
    "the weights are the kit's.",
    "Overall score = Σ(weight * question score) ÷ Σ(weight) over every rated question.",
    "Scores are rounded to two decimals, then banded: below 2.00 below mid; 2.00-2.59 mid; "
    "2.60-3.29 senior; 3.30 and above staff.",
    "Agreement: spread = highest - lowest level on a question, with the standard deviation; "
    "a spread of 2 levels or more is flagged.",
    "Strength: a topic at 3.00 or more. Growth area: a topic below 2.50.",
)

BANDS = (
    {"level": BELOW_MID, "label": LEVEL_LABELS[BELOW_MID], "range": "below 2.00"},
    {"level": MID, "label": LEVEL_LABELS[MID], "range": "2.00 - 2.59"},
    {"level": SENIOR, "label": LEVEL_LABELS[SENIOR], "range": "2.60 - 3.29"},
    {"level": STAFF, "label": LEVEL_LABELS[STAFF], "range": "3.30 and above"},
)


def rounded(value: float | Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rated(levels: Iterable[int | None]) -> list[int]:
    """The levels that count: skipped and unrated (None) are left out."""
    kept = [level for level in levels if level is not None]
    if any(level not in LEVELS for level in kept):
        raise ValueError(f"levels must be 1-4, got {kept}")
    return kept


def panel_mean(levels: Iterable[int | None]) -> float | None:
    kept = rated(levels)
    return sum(kept) / len(kept) if kept else None


def weighted_mean(pairs: Iterable[tuple[int, float | None]]) -> float | None:
    """sum(w * q) / sum(w) over the pairs whose score is not None."""
    counted = [(weight, score) for weight, score in pairs if score is not None]
    if any(weight <= 0 for weight, _ in counted):
        raise ValueError("weights must be positive")
    total = sum(weight for weight, _ in counted)
    if not total:
        return None
    return sum(weight * score for weight, score in counted) / total


def level_band(score: Decimal | float | None) -> str | None:
    """The band of a score, judged on its two-decimal rounding."""
    value = rounded(score)
    if value is None:
        return None
    for level, floor in BAND_FLOORS:
        if value >= floor:
            return level
    return BELOW_MID


def agreement(levels: Iterable[int | None]) -> tuple[int, float, bool]:
    """(spread, population standard deviation, flagged) of the panel's levels on a question."""
    kept = rated(levels)
    if len(kept) < 2:
        return 0, 0.0, False
    mean = sum(kept) / len(kept)
    std = math.sqrt(sum((level - mean) ** 2 for level in kept) / len(kept))
    spread = max(kept) - min(kept)
    return spread, std, spread >= FLAG_SPREAD


def topic_category(score: Decimal | float | None) -> str:
    value = rounded(score)
    if value is None:
        return "unrated"
    if value >= STRENGTH_FROM:
        return "strength"
    if value < GROWTH_BELOW:
        return "growth"
    return "steady"


@dataclass(frozen=True)
class QuestionScore:
    position: int
    topic: str
    weight: int
    levels: tuple[int | None, ...]

    @property
    def mean(self) -> float | None:
        return panel_mean(self.levels)


@dataclass(frozen=True)
class TopicScore:
    topic: str
    score: Decimal | None
    weight: int
    category: str


@dataclass(frozen=True)
class Scores:
    overall: Decimal | None
    level: str | None
    topics: tuple[TopicScore, ...]
    rated_questions: int


def score(questions: Sequence[QuestionScore]) -> Scores:
    """Topic scores (in first-appearance order), the overall score and its band."""
    topics: dict[str, list[QuestionScore]] = {}
    for question in questions:
        topics.setdefault(question.topic, []).append(question)
    topic_scores = []
    for topic, members in topics.items():
        value = rounded(weighted_mean((q.weight, q.mean) for q in members))
        topic_scores.append(
            TopicScore(
                topic=topic,
                score=value,
                weight=sum(q.weight for q in members if q.mean is not None),
                category=topic_category(value),
            )
        )
    overall = rounded(weighted_mean((q.weight, q.mean) for q in questions))
    return Scores(
        overall=overall,
        level=level_band(overall),
        topics=tuple(topic_scores),
        rated_questions=sum(1 for q in questions if q.mean is not None),
    )
