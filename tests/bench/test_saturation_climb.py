"""bench.loadgen's judgement of its figures: the saturation climb (a target stops at the second
troubled step in a row) and the slowest requests it keeps for the disk probe to explain."""

import pytest

from bench.loadgen import Climb, Outcome, p99_tail, step_trouble

SETTINGS = {"plateau_fraction": 0.9, "p99_explodes_ms": 1000.0, "lag_limit_ms": 250.0}


def step(rps: float, *, errors: int = 0, p99: float = 10.0, lag: float = 1.0) -> dict:
    return {
        "rps": rps,
        "errors": errors,
        "requests": 1000,
        "p99_ms": p99,
        "scheduler_lag_p99_ms": lag,
    }


def test_a_step_that_kept_up_shows_no_trouble():
    assert step_trouble(step(95.0, errors=10), rate=100, settings=SETTINGS) == []


@pytest.mark.parametrize(
    ("summary", "named"),
    [
        (step(89.0), "89 ok/s"),
        (step(100.0, errors=11), "11 errors"),
        (step(100.0, p99=1500.0), "p99 1500 ms"),
        (step(100.0, lag=400.0), "generator lag p99 400 ms"),
    ],
)
def test_each_kind_of_trouble_is_named(summary, named):
    assert step_trouble(summary, rate=100, settings=SETTINGS) == [named]


def test_one_troubled_step_between_good_ones_does_not_end_the_climb():
    climb = Climb()
    for rate, summary in [(100, step(100)), (125, step(60)), (160, step(158)), (200, step(199))]:
        climb.record(summary, rate=rate, settings=SETTINGS)
    assert climb.stopped == ""
    assert climb.result()["rps"] == 199
    assert climb.result()["stopped"] == "highest step reached (not saturated)"
    assert [s["trouble"] for s in climb.steps] == [[], ["60 ok/s"], [], []]


def test_two_troubled_steps_in_a_row_end_it_and_the_best_step_counts():
    climb = Climb()
    steps = [(400, step(398)), (500, step(430)), (630, step(445, p99=2400.0))]
    for rate, summary in steps:
        climb.record(summary, rate=rate, settings=SETTINGS)
    assert climb.stopped == "twice in a row, up to 630 req/s: 445 ok/s, p99 2400 ms"
    assert climb.result()["rps"] == 445


def test_the_requests_at_or_above_the_p99_are_kept_slowest_first_in_wall_clock_time():
    outcomes = [Outcome(started=float(i), ended=i + 0.005, status=200, lag=0.0) for i in range(200)]
    outcomes[50] = Outcome(started=50.0, ended=50.4, status=200, lag=0.0)
    outcomes[7] = Outcome(started=7.0, ended=7.3, status=409, lag=0.0)
    outcomes[120] = Outcome(started=120.0, ended=120.006, status=200, lag=0.0)
    tail = p99_tail(outcomes, wall_offset=1000.0)
    # Nearest rank: the p99 of 200 is the 198th fastest, so three requests are at or above it.
    assert tail == [[1050.0, 400.0], [1007.0, 300.0], [1120.0, 6.0]]
    assert p99_tail([], wall_offset=0.0) == []
