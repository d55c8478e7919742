"""The formula printed on the report, as pure arithmetic."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interviews.reports import scoring
from interviews.reports.scoring import QuestionScore, agreement, level_band, score


def test_skipped_and_unrated_questions_are_left_out_not_counted_as_zero():
    assert scoring.panel_mean([3, None, 4]) == 3.5
    assert scoring.panel_mean([None, None]) is None


def test_topic_and_overall_scores_use_the_kit_weights():
    questions = [
        QuestionScore(position=1, topic="sched", weight=3, levels=(4, 4)),
        QuestionScore(position=2, topic="sched", weight=1, levels=(2, 2)),
        QuestionScore(position=3, topic="gc", weight=2, levels=(1, 3)),
    ]
    scores = score(questions)
    by_topic = {topic.topic: topic for topic in scores.topics}
    assert by_topic["sched"].score == Decimal("3.50")  # (3*4 + 1*2) / 4
    assert by_topic["gc"].score == Decimal("2.00")
    assert scores.overall == Decimal("3.00")  # (3*4 + 1*2 + 2*2) / 6
    assert scores.level == scoring.SENIOR
    assert scores.rated_questions == 3


def test_a_question_nobody_rated_does_not_dilute_the_score():
    questions = [
        QuestionScore(position=1, topic="a", weight=5, levels=(None, None)),
        QuestionScore(position=2, topic="a", weight=1, levels=(4,)),
    ]
    scores = score(questions)
    assert scores.overall == Decimal("4.00")
    assert scores.topics[0].weight == 1
    assert scores.rated_questions == 1


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (1.0, "below_mid"),
        (1.99, "below_mid"),
        (1.995, "mid"),  # rounds to 2.00: the printed number and the band agree
        (2.0, "mid"),
        (2.59, "mid"),
        (2.6, "senior"),
        (3.29, "senior"),
        (3.3, "staff"),
        (4.0, "staff"),
        (None, None),
    ],
)
def test_the_level_bands(value, band):
    assert level_band(value) == band


def test_agreement_flags_a_spread_of_two_levels():
    assert agreement([2, 4]) == (2, 1.0, True)
    assert agreement([3, 3, 4])[0] == 1
    assert agreement([3, 3, 4])[2] is False
    assert agreement([4, None]) == (0, 0.0, False)


def test_strengths_and_growth_areas():
    assert scoring.topic_category(Decimal("3.00")) == "strength"
    assert scoring.topic_category(Decimal("2.99")) == "steady"
    assert scoring.topic_category(Decimal("2.50")) == "steady"
    assert scoring.topic_category(Decimal("2.49")) == "growth"
    assert scoring.topic_category(None) == "unrated"


def test_levels_outside_the_scale_are_refused():
    with pytest.raises(ValueError):
        scoring.panel_mean([5])


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=5),
            st.lists(st.one_of(st.none(), st.integers(1, 4)), min_size=1, max_size=4),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_the_overall_score_stays_on_the_anchor_scale(rows):
    questions = [
        QuestionScore(position=i, topic=f"t{i % 3}", weight=w, levels=tuple(levels))
        for i, (w, levels) in enumerate(rows, start=1)
    ]
    scores = score(questions)
    if scores.overall is None:
        assert scores.rated_questions == 0
    else:
        assert Decimal("1.00") <= scores.overall <= Decimal("4.00")
        assert scores.level in {"below_mid", "mid", "senior", "staff"}
