"""The one place an amendment's key for a question's rating is spelled and read."""

import pytest

from interviews.models import Amendment


@pytest.mark.parametrize("position", [1, 7, 32_767])
def test_a_positions_key_reads_back_as_that_position(position):
    key = Amendment.question_key(position)
    assert key == f"question:{position}"
    assert Amendment.question_position(key) == position


@pytest.mark.parametrize(
    "key",
    [
        "recommendation",
        "level",
        "summary",
        "question:",
        "question:\uff13",  # a full-width 3, stored before targets were parsed strictly
        "question:+3",
        "question:3a",
        "question:1234567890",  # more digits than calibration's SQL reads
        "Question:3",
    ],
)
def test_any_other_key_names_no_position(key):
    assert Amendment.question_position(key) is None
