"""bench.report: a missed rating p99 says how slow the disk was in that phase, and stays missed."""

from bench.report import report, verdicts


def phase(p99: float, flush_max: float | None = None, slow: int = 0) -> dict:
    row = {"requests": 750, "errors": 0, "p50_ms": 4.0, "p95_ms": 6.0, "p99_ms": p99, "rps": 25.0}
    row["offered_rps"] = 25.0
    row["p99_tail"] = [[1000.0 + second, p99 + 10 - second] for second in range(8)]
    if flush_max is not None:
        row["disk_flush"] = {
            "flushes": 300,
            "max_ms": flush_max,
            "over_50_ms": slow,
            "p99_tail_during_slow_flush": 7 if slow else 0,
        }
    return row


def results(*, rating_p99: float, flush_max: float) -> dict:
    made = {
        "floor": phase(14.2, 1.0) | {"saturation_rps": 900, "saturation_stopped": "twice"},
        "rating_post": phase(rating_p99, flush_max, slow=3)
        | {"saturation_rps": 500, "saturation_stopped": "twice"},
        "console_get": phase(34.0),
        "calibration_page": phase(52.0),
        "rating_to_floor_ratio": 0.556,
        "calibration_refresh_s": 3.3,
        "calibration_refresh_runs_s": [3.3],
        "interviews": 10000,
        "ratings": 510000,
        "machine": {
            "cores": 2,
            "python": "3.12",
            "postgresql": "15",
            "load_average_start": [0.1],
            "load_average_before_load": [0.2],
            "load_average_end": [2.0],
        },
        "server": {"gunicorn_worker_class": "sync", "workers": 5, "threads": 1},
        "notes": [],
    }
    made["targets"] = verdicts(made)
    return made


def rating_verdict(made: dict) -> dict:
    return next(v for v in made["targets"] if v["check"].startswith("rating POST p99"))


def test_a_missed_p99_during_slow_flushes_names_them_and_still_fails():
    verdict = rating_verdict(results(rating_p99=328.8, flush_max=1306.6))
    assert verdict["pass"] is False
    assert verdict["measured"] == (
        "328.8 ms, 0 errors (during this phase the disk's flushes took up to 1307 ms, 3 of 300 "
        "over 50 ms, and 7 of the 8 requests at or above the p99 were in flight while one ran; "
        "the floor's p99 in its own phase: 14.2 ms)"
    )


def test_a_met_p99_says_nothing_of_the_disk_even_when_it_stalled():
    verdict = rating_verdict(results(rating_p99=36.2, flush_max=51.4))
    assert verdict["pass"] is True
    assert verdict["measured"] == "36.2 ms, 0 errors"


def test_quick_flushes_add_nothing_to_the_verdict():
    verdict = rating_verdict(results(rating_p99=12.0, flush_max=2.5))
    assert verdict == {
        "check": "rating POST p99 at 50 interviewers, 0 errors",
        "target": "<= 50 ms",
        "measured": "12.0 ms, 0 errors",
        "pass": True,
    }


def test_the_table_shows_each_phases_slowest_flush():
    lines = report(results(rating_p99=328.8, flush_max=1306.6)).splitlines()
    assert lines[1].endswith("disk flush max ms")
    rating_row = next(line for line in lines if line.startswith("rating_post"))
    assert rating_row.split()[-1] == "1306.6"
    console_row = next(line for line in lines if line.startswith("console_get"))
    assert console_row.split()[-1] == "-"
    assert "feedback_get        not measured" in lines


def test_it_prints_what_a_request_cost_the_cores_and_says_when_it_was_not_taken():
    made = results(rating_p99=12.0, flush_max=2.5)
    made["floor"]["saturation_cpu_ms_per_request"] = {}
    made["rating_post"]["cpu_ms_per_request"] = {
        "server": 3.4, "postgresql": 0.88, "redis": 0.05, "proxy": 0.2, "generator": 1.0,
        "total": 5.53,
    }  # fmt: skip
    # Results from before the proxy had no proxy group: read as 0.
    made["rating_post"]["saturation_cpu_ms_per_request"] = {
        "server": 3.1, "postgresql": 0.8, "redis": 0.05, "generator": 0.9, "total": 4.85
    }  # fmt: skip
    lines = report(made).splitlines()
    start = lines.index(
        "CPU ms per successful request (server + postgresql + redis + proxy + generator):"
    )
    assert lines[start + 1 : start + 3] == [
        "  floor        at 25 req/s: not taken; at saturation: no request succeeded",
        "  rating_post  at 25 req/s: 3.40 + 0.88 + 0.05 + 0.20 + 1.00 = 5.53; at saturation: "
        "3.10 + 0.80 + 0.05 + 0.00 + 0.90 = 4.85",
    ]


def overload_step(factor: float, ok_rps: float, served_p99: float) -> dict:
    return {
        "factor": factor,
        "offered_rps": 500 * factor,
        "rps": ok_rps,
        "goodput_pct": round(100 * ok_rps / 500, 1),
        "served_p99_ms": served_p99,
        "p99_ms": served_p99 / 2,
        "statuses": {"200": 100, "503": 50},
        "timeouts": 0,
    }


def test_past_saturation_each_step_is_judged_on_goodput_and_the_served_p99():
    made = results(rating_p99=12.0, flush_max=2.5)
    made["rating_post"]["overload"] = [
        overload_step(1.3, 470.0, 180.0),  # 94% of the peak, served fast
        overload_step(2.0, 380.0, 240.0),  # 76%: too few served
    ]
    made["targets"] = verdicts(made)
    judged = [v for v in made["targets"] if "saturation throughput (" in v["check"]]
    assert [v["pass"] for v in judged] == [True, False]
    assert judged[0]["check"] == "rating POST at 1.3x its saturation throughput (650 req/s offered)"
    assert judged[0]["measured"] == "94% (470 ok/s), p99 of served 180.0 ms"
    lines = report(made).splitlines()
    start = lines.index("past saturation, rating POST (peak 500 ok/s):")
    assert lines[start + 2].startswith(
        "  x2: 1000 req/s offered, 380 ok/s = 76% of the peak, p99 of served 240.0 ms"
    )


def test_a_slow_served_p99_or_none_served_fails_past_saturation():
    made = results(rating_p99=12.0, flush_max=2.5)
    made["rating_post"]["overload"] = [
        overload_step(1.3, 450.0, 1800.0),
        overload_step(2.0, 0.0, float("nan")),
    ]
    judged = [v for v in verdicts(made) if "saturation throughput (" in v["check"]]
    assert [v["pass"] for v in judged] == [False, False]


def test_results_without_overload_steps_have_no_such_verdict():
    made = results(rating_p99=12.0, flush_max=2.5)
    assert not [v for v in made["targets"] if "saturation throughput (" in v["check"]]


def pad_step(rooms: int, p95: float, p99: float, lost: int = 0) -> dict:
    return {
        "rooms": rooms, "p50_ms": 20.0, "p95_ms": p95, "p99_ms": p99, "updates": rooms * 150,
        "errors": 0, "lost": lost,
        "cpu_ms_per_update": {
            "server": 1.2, "postgresql": 0.5, "redis": 0.1, "proxy": 0.0, "generator": 0.6,
            "total": 2.4,
        },
    }  # fmt: skip


def with_pad(*steps: dict, best: int | None) -> dict:
    made = results(rating_p99=12.0, flush_max=2.5)
    made |= {
        "pad_latency": steps[0],
        "pad_steps": list(steps),
        "pad_max_rooms": best,
        "pad_server": "uvicorn, 2 workers, reached directly (no proxy)",
    }
    made["targets"] = verdicts(made)
    return made


def pad_verdict(made: dict) -> dict:
    return next(v for v in made["targets"] if v["check"].startswith("pad keystroke"))


def test_the_pad_at_100_rooms_is_judged_on_p95_p99_lost_and_errors():
    made = with_pad(pad_step(100, 40.0, 90.0), pad_step(150, 130.0, 300.0), best=100)
    assert pad_verdict(made) == {
        "check": "pad keystroke to watcher at 100 rooms, nothing lost, no errors",
        "target": "p95 <= 100 ms, p99 <= 250 ms, 0 lost, 0 errors",
        "measured": "p95 40.0 ms, p99 90.0 ms, 0 lost, 0 errors, 15000 updates",
        "pass": True,
    }
    assert pad_verdict(with_pad(pad_step(100, 40.0, 260.0), best=100))["pass"] is False
    assert pad_verdict(with_pad(pad_step(100, 40.0, 90.0, lost=1), best=None))["pass"] is False


def test_every_pad_step_prints_what_a_keystroke_cost_the_cores():
    lines = report(with_pad(pad_step(100, 40.0, 90.0), best=100)).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("pad phase (uvicorn"))
    assert lines[start + 1] == (
        "   100 rooms: p50 20.0 ms, p95 40.0 ms, p99 90.0 ms, 15000 updates, 0 errors, 0 lost; "
        "CPU 1.20 + 0.50 + 0.10 + 0.00 + 0.60 = 2.40"
    )
    assert lines[start + 2] == "  pad_max_rooms: 100 (p95 <= 100 ms, 0 lost)"


def test_results_without_a_pad_phase_have_no_pad_verdict():
    assert not [v for v in verdicts(results(rating_p99=12.0, flush_max=2.5)) if "pad" in v["check"]]
