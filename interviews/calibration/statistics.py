"""Statistics from summed cells. Every function takes sums, so any slice of months adds up."""

import math
from dataclasses import dataclass

LEVELS = (1, 2, 3, 4)
MIN_RATINGS_TO_FLAG = 20
DISCRIMINATION_FLOOR = 0.2
CEILING_OR_FLOOR_RATE = 0.8
# Mean distance from co-panelists, in anchor levels, past which an interviewer is flagged.
LENIENCY_FLAG = 0.3
ALPHA_GOOD = 0.8
ALPHA_TENTATIVE = 0.667


def pearson(n: float, sx: float, sy: float, sxx: float, syy: float, sxy: float) -> float | None:
    """Pearson's r from sums; None when either side does not vary."""
    spread_x = n * sxx - sx * sx
    spread_y = n * syy - sy * sy
    if n < 3 or spread_x <= 1e-12 or spread_y <= 1e-12:
        return None
    return (n * sxy - sx * sy) / math.sqrt(spread_x * spread_y)


def std(n: float, sx: float, sxx: float) -> float | None:
    if n < 2:
        return None
    mean = sx / n
    return math.sqrt(max(0.0, sxx / n - mean * mean))


def krippendorff_alpha_ordinal(coincidences: dict[tuple[int, int], float]) -> float | None:
    """Krippendorff's alpha for ordinal data from a coincidence matrix o[c, k].

    alpha = 1 - (n - 1) * sum o_ck d2_ck / sum_c sum_k n_c n_k d2_ck, where the ordinal distance
    d2_ck = (sum of n_g for g from c to k - (n_c + n_k) / 2) ** 2.
    """
    totals = dict.fromkeys(LEVELS, 0.0)
    for (c, _k), weight in coincidences.items():
        totals[c] += weight
    n = sum(totals.values())
    if n <= 1:
        return None

    def d2(c: int, k: int) -> float:
        low, high = min(c, k), max(c, k)
        between = sum(totals[g] for g in LEVELS if low <= g <= high)
        return (between - (totals[c] + totals[k]) / 2) ** 2

    observed = sum(weight * d2(c, k) for (c, k), weight in coincidences.items())
    expected = sum(totals[c] * totals[k] * d2(c, k) for c in LEVELS for k in LEVELS)
    if expected <= 1e-12:
        return None
    return 1 - (n - 1) * observed / expected


@dataclass
class QuestionFigures:
    question_id: int
    slug: str
    title: str
    topic: str
    n: int
    mean: float | None
    spread: float | None
    ceiling_rate: float | None
    floor_rate: float | None
    discrimination: float | None
    alpha: float | None
    pairs: float
    distribution: tuple[int, int, int, int]

    @property
    def flags(self) -> list[str]:
        if self.n < MIN_RATINGS_TO_FLAG:
            return []
        flags = []
        if self.discrimination is None or self.discrimination < DISCRIMINATION_FLOOR:
            flags.append("does not discriminate")
        if self.ceiling_rate is not None and self.ceiling_rate >= CEILING_OR_FLOOR_RATE:
            flags.append("nearly everyone aces it")
        if self.floor_rate is not None and self.floor_rate >= CEILING_OR_FLOOR_RATE:
            flags.append("nearly everyone fails it")
        if (
            self.alpha is not None
            and self.pairs >= MIN_PAIRABLE_FOR_VERDICT
            and self.alpha < ALPHA_TENTATIVE
        ):
            flags.append("raters disagree")
        return flags


@dataclass
class InterviewerFigures:
    interviewer_id: int
    name: str
    n: int
    leniency: float | None
    disagree_rate: float | None
    by_month: list[tuple[str, float, int]]
    # Ratings they amended after they could read another panelist's scorecard.
    amended_after_reading: int = 0

    @property
    def flags(self) -> list[str]:
        flags = []
        if self.n >= MIN_RATINGS_TO_FLAG and self.leniency is not None:
            if self.leniency >= LENIENCY_FLAG:
                flags.append("lenient")
            elif self.leniency <= -LENIENCY_FLAG:
                flags.append("severe")
        if self.n >= MIN_RATINGS_TO_FLAG and (self.disagree_rate or 0) >= 0.25:
            flags.append("often 2+ levels apart")
        return flags


# Fewer pairable values than this and alpha says more about chance than about the raters.
MIN_PAIRABLE_FOR_VERDICT = 20


def alpha_verdict(alpha: float | None, pairable: float) -> str:
    if alpha is None or pairable < MIN_PAIRABLE_FOR_VERDICT:
        return f"too few overlapping ratings to judge (fewer than {MIN_PAIRABLE_FOR_VERDICT})"
    if alpha >= ALPHA_GOOD:
        return "reliable (alpha >= 0.8)"
    if alpha >= ALPHA_TENTATIVE:
        return "tentative (0.667 <= alpha < 0.8)"
    return "below the usual threshold (alpha < 0.667)"
