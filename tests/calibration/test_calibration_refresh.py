"""calibration_refresh's summary cells hold the sums that the definitions give, to float
rounding, computed here in Python rating by rating, each at its level as submitted: the
co-panelists' mean from the other ratings of the answer, a 2-level disagreement from each pair, the
coincidences from each ordered pair of ratings. The SQL gets there by per-answer counts, in floating
point; these tests hold it to the definitions."""

import re
import sys
from collections import defaultdict
from datetime import UTC, date
from itertools import permutations

import pytest
from django.db import connection

from interviews.calibration.models import (
    CoincidenceCell,
    InterviewerCalibrationCell,
    QuestionCalibrationCell,
)
from interviews.calibration.services import calibration_refresh
from interviews.models import (
    Amendment,
    CandidateLevel,
    Interview,
    InterviewQuestion,
    Rating,
    Scorecard,
)
from interviews.synthetic import generate_synthetic_interviews
from tests.config.test_settings_modes import run_with

LEVEL_NUMBER = {"below_mid": 1, "mid": 2, "senior": 3, "staff": 4}


@pytest.fixture
def refreshed(db):
    generate_synthetic_interviews(interviews=40, interviewers=5, questions=5, seed=5)
    # What the summary must leave out: a skipped answer, a scorecard not yet submitted, and an
    # interview that is not completed.
    skipped = Rating.objects.filter(level__isnull=False).order_by("pk").first()
    Rating.objects.filter(pk=skipped.pk).update(
        level=None, submitted_level=None, skipped=True, skip_reason="ran out"
    )
    # What the summary must read: the level as submitted, not as amended since.
    amended = Rating.objects.filter(submitted_level=1).order_by("pk").first()
    Rating.objects.filter(pk=amended.pk).update(level=4)
    draft = Scorecard.objects.order_by("pk")[5]
    Scorecard.objects.filter(pk=draft.pk).update(submitted_at=None)
    live = Interview.objects.order_by("-pk").first()
    Interview.objects.filter(pk=live.pk).update(state=Interview.State.LIVE)
    # Three separate interviews, so that each exclusion is tested on its own.
    assert len({skipped.scorecard.interview_id, draft.interview_id, live.pk}) == 3
    amend_some(amended.scorecard, draft, live)
    calibration_refresh()


def amend_some(scorecard, draft, live) -> None:
    """Amendments after reading (two of them on the same rating), one before, one of a level
    alone, and after reading on a draft scorecard and on an interview that is not completed."""
    for card, after_reading, changes in (
        (scorecard, True, {"question:1": [1, 2], "question:2": [3, 4], "summary": ["", "x"]}),
        (scorecard, True, {"question:1": [2, 3]}),
        (scorecard, False, {"question:3": [2, 1]}),
        (scorecard, True, {"level": ["mid", "senior"]}),
        (draft, True, {"question:1": [2, 3]}),
        (live.scorecards.first(), True, {"question:1": [2, 3]}),
    ):
        Amendment.objects.create(
            scorecard=card,
            author=card.interviewer,
            changes=changes,
            reason="test",
            after_reading=after_reading,
        )


def answers() -> dict[int, list[dict]]:
    """The counted ratings, by answer (one question in one interview), as plain dicts: each at
    its level as submitted."""
    counted = Rating.objects.filter(
        submitted_level__isnull=False,
        scorecard__submitted_at__isnull=False,
        scorecard__interview__state=Interview.State.COMPLETED,
    ).select_related("scorecard__interview", "interview_question__revision__question", "scorecard")
    panel_levels = defaultdict(list)
    for scorecard in Scorecard.objects.filter(
        submitted_at__isnull=False, interview__state=Interview.State.COMPLETED
    ):
        panel_levels[scorecard.interview_id].append(LEVEL_NUMBER[scorecard.level])
    by_answer = defaultdict(list)
    for rating in counted:
        interview = rating.scorecard.interview
        question = rating.interview_question.revision.question
        scheduled = interview.scheduled_at.astimezone(UTC)
        levels = panel_levels[interview.pk]
        by_answer[rating.interview_question_id].append(
            {
                "x": rating.submitted_level,
                "y": sum(levels) / len(levels),
                "interviewer": rating.scorecard.interviewer_id,
                "cell": (
                    question.pk,
                    interview.kit_id,
                    question.topic_id,
                    date(scheduled.year, scheduled.month, 1),
                ),
            }
        )
    return by_answer


def test_it_leaves_out_skipped_unsubmitted_and_unfinished_work(refreshed):
    stored = sum(QuestionCalibrationCell.objects.values_list("n", flat=True))
    assert stored == sum(len(ratings) for ratings in answers().values())
    assert stored < 40 * 5 * 3


def test_each_questions_sums_are_the_ratings_sums(refreshed):
    expected = defaultdict(lambda: defaultdict(float, {f"n_{level}": 0 for level in range(1, 5)}))
    for ratings in answers().values():
        for rating in ratings:
            sums = expected[rating["cell"]]
            x, y = rating["x"], rating["y"]
            for name, value in (
                ("n", 1), ("sum_x", x), ("sum_xx", x * x), ("sum_y", y), ("sum_yy", y * y),
                ("sum_xy", x * y), (f"n_{x}", 1),
            ):  # fmt: skip
                sums[name] += value
    stored = {
        (cell.question_id, cell.kit_id, cell.topic_id, cell.month): cell
        for cell in QuestionCalibrationCell.objects.all()
    }
    assert stored.keys() == expected.keys()
    for key, sums in expected.items():
        cell = stored[key]
        for name, value in sums.items():
            assert getattr(cell, name) == pytest.approx(value, rel=1e-9), (key, name)
        assert (cell.n_ceiling, cell.n_floor) == (cell.n_4, cell.n_1)


def test_each_interviewers_difference_from_the_co_panelists_is_the_ratings(refreshed):
    expected = defaultdict(lambda: {"n": 0, "sum_diff": 0.0, "sum_diff_sq": 0.0, "n_disagree": 0})
    for ratings in answers().values():
        if len(ratings) < 2:
            continue
        for index, rating in enumerate(ratings):
            others = [other["x"] for i, other in enumerate(ratings) if i != index]
            diff = rating["x"] - sum(others) / len(others)
            _question, kit, topic, month = rating["cell"]
            sums = expected[(rating["interviewer"], kit, topic, month)]
            sums["n"] += 1
            sums["sum_diff"] += diff
            sums["sum_diff_sq"] += diff * diff
            sums["n_disagree"] += any(abs(rating["x"] - other) >= 2 for other in others)
    stored = {
        (cell.interviewer_id, cell.kit_id, cell.topic_id, cell.month): cell
        for cell in InterviewerCalibrationCell.objects.all()
    }
    assert stored.keys() == expected.keys()
    assert any(sums["n_disagree"] for sums in expected.values())
    for key, sums in expected.items():
        for name, value in sums.items():
            assert getattr(stored[key], name) == pytest.approx(value, rel=1e-9, abs=1e-9), (
                key,
                name,
            )


def test_each_interviewers_ratings_amended_after_reading_are_counted_once(refreshed):
    amended = set()
    counted = Amendment.objects.filter(
        after_reading=True,
        scorecard__submitted_at__isnull=False,
        scorecard__interview__state=Interview.State.COMPLETED,
    ).select_related("scorecard")
    for amendment in counted:
        for key in amendment.changes:
            if (position := Amendment.question_position(key)) is not None:
                amended.add((amendment.scorecard.interviewer_id, amendment.scorecard, position))
    expected = defaultdict(int)
    for interviewer_id, scorecard, position in amended:
        unit = InterviewQuestion.objects.select_related("interview", "revision__question").get(
            interview_id=scorecard.interview_id, position=position
        )
        scheduled = unit.interview.scheduled_at.astimezone(UTC)
        month = date(scheduled.year, scheduled.month, 1)
        kit, topic = unit.interview.kit_id, unit.revision.question.topic_id
        expected[(interviewer_id, kit, topic, month)] += 1
    assert sum(expected.values()) == 2  # questions 1 and 2 of one scorecard
    stored = {
        (cell.interviewer_id, cell.kit_id, cell.topic_id, cell.month): cell.n_amended_after_reading
        for cell in InterviewerCalibrationCell.objects.all()
    }
    assert {key: n for key, n in stored.items() if n} == dict(expected)


def test_the_coincidences_are_the_ordered_pairs_of_each_answer(refreshed):
    expected = defaultdict(float)
    for ratings in answers().values():
        m = len(ratings)
        for first, second in permutations(ratings, 2):
            expected[(*first["cell"], first["x"], second["x"])] += 1 / (m - 1)
    stored = {
        (cell.question_id, cell.kit_id, cell.topic_id, cell.month, cell.c, cell.k): cell.weight
        for cell in CoincidenceCell.objects.all()
    }
    assert stored.keys() == expected.keys()
    for key, weight in expected.items():
        assert stored[key] == pytest.approx(weight, rel=1e-9), key


def test_the_definitions_hold_on_the_embedded_sqlite_default_too(db):
    """`make run` serves SQLite, and the refresh's SQL (the float casts, integer division) is
    read differently there: the tests above run again on it."""
    if connection.vendor == "sqlite":
        pytest.skip("this run is on SQLite already")
    result = run_with(
        {"DEBUG": "1"}, sys.executable, "-m", "pytest", __file__, "-q", "-p", "no:cacheprovider"
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "6 passed, 1 skipped" in result.stdout


def test_the_refresh_takes_tables_columns_and_choice_values_from_the_models(db):
    """No choice value is spelled in the SQL (each is a parameter), and every table of the models
    is named through the model's _meta (quoted), never by hand."""
    from interviews.calibration.services import statements

    sql = "\n".join(statement for statement, _ in statements())
    params = [param for _, given in statements() for param in given or []]
    for value in (*CandidateLevel.values, *Interview.State.values, "question:"):
        assert f"'{value}" not in sql
    assert set(CandidateLevel.values) <= set(params)
    assert Interview.State.COMPLETED.value in params
    for model in (Scorecard, Interview, Rating, InterviewQuestion, Amendment):
        table = model._meta.db_table
        quoted = connection.ops.quote_name(table)
        assert quoted in sql
        assert not re.search(rf"\b{table}\b", sql.replace(quoted, ""))
