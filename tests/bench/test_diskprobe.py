"""bench.diskprobe: the disk's flush latency, measured for real and lined up with the phases."""

import signal
import subprocess
import sys
import time
from pathlib import Path

from bench import diskprobe

ROOT = Path(__file__).resolve().parent.parent.parent


def run_probe(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "bench.diskprobe", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=30)


def test_it_times_real_flushes_until_stopped_and_removes_its_file(tmp_path):
    out = tmp_path / "flushes.csv"
    before = time.time()
    command = [sys.executable, "-m", "bench.diskprobe", str(tmp_path), str(out)]
    probe = subprocess.Popen([*command, "--interval", "0.01"], cwd=ROOT)
    try:
        deadline = time.monotonic() + 20
        while len(diskprobe.read_samples(out)) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        probe.send_signal(signal.SIGTERM)
        assert probe.wait(timeout=10) == 0
    samples = diskprobe.read_samples(out)
    assert len(samples) >= 5
    assert all(before <= at <= time.time() and took >= 0 for at, took in samples)
    assert [path.name for path in tmp_path.iterdir()] == ["flushes.csv"]


def test_it_names_a_missing_directory_and_a_bad_interval(tmp_path):
    missing = run_probe(str(tmp_path / "nowhere"), str(tmp_path / "out.csv"))
    assert missing.returncode == 2
    assert "nowhere is not a directory" in missing.stderr
    too_fast = run_probe(str(tmp_path), str(tmp_path / "out.csv"), "--interval", "0")
    assert too_fast.returncode == 2
    assert "--interval must be between 0.001 and 60 seconds" in too_fast.stderr
    assert not (tmp_path / "out.csv").exists()


def test_a_line_cut_short_by_the_stop_is_skipped(tmp_path):
    out = tmp_path / "flushes.csv"
    out.write_text("100.000,0.30\n100.100,1.25\n100.2")
    assert diskprobe.read_samples(out) == [(100.0, 0.3), (100.1, 1.25)]
    assert diskprobe.read_samples(tmp_path / "never-written.csv") == []


def test_a_window_counts_only_its_own_flushes_and_names_the_slowest():
    samples = [(float(second), 0.5) for second in range(100)]
    samples[10] = (10.0, 900.0)  # before the window
    samples[42] = (42.0, 300.0)
    samples[43] = (43.0, 60.0)
    summary = diskprobe.flushes_between(samples, 20.0, 59.0)
    assert summary == {
        "flushes": 40,
        "p50_ms": 0.5,
        "p99_ms": 300.0,
        "max_ms": 300.0,
        "max_at": 42.0,
        "over_50_ms": 2,
    }


def test_a_slow_flush_begun_just_before_a_window_is_counted_in_it():
    samples = [(9.5, 1300.0), (10.9, 0.4), (11.0, 0.3)]
    summary = diskprobe.flushes_between(samples, 10.0, 12.0)
    assert summary["flushes"] == 3
    assert summary["max_ms"] == 1300.0
    assert summary["max_at"] == 9.5


def test_a_window_without_flushes_says_so():
    assert diskprobe.flushes_between([(1.0, 2.0)], 5.0, 9.0) == {"flushes": 0}


def test_every_phase_and_saturation_step_gets_its_own_flushes():
    samples = [(1.0, 0.4), (2.0, 700.0), (5.0, 0.6), (8.0, 0.2)]
    # The flush from 2.0 s to 2.7 s: the first two requests were in flight during it.
    tail = [[1.9, 400.0], [2.6, 300.0], [2.71, 250.0], [1.0, 200.0]]
    measured = {
        "phases": {"floor": {"started_at": 0.5, "ended_at": 3.0, "p99_tail": tail}},
        "saturation": {
            "floor": {"steps": [{"started_at": 4.0, "ended_at": 6.0}]},
            "rating_post": {"steps": [{"started_at": 7.0, "ended_at": 9.0}]},
        },
    }
    diskprobe.annotate(measured, samples)
    assert measured["phases"]["floor"]["disk_flush"]["max_ms"] == 700.0
    assert measured["phases"]["floor"]["disk_flush"]["flushes"] == 2
    assert measured["phases"]["floor"]["disk_flush"]["p99_tail_during_slow_flush"] == 2
    assert (
        measured["saturation"]["floor"]["steps"][0]["disk_flush"]["p99_tail_during_slow_flush"] == 0
    )
    assert measured["saturation"]["floor"]["steps"][0]["disk_flush"]["max_ms"] == 0.6
    assert measured["saturation"]["rating_post"]["steps"][0]["disk_flush"]["max_ms"] == 0.2


def test_two_paths_on_one_filesystem_are_told_apart_from_an_unreadable_one(tmp_path):
    assert diskprobe.same_device(tmp_path, tmp_path / "..") is True
    assert diskprobe.same_device(tmp_path, tmp_path / "missing") is None
