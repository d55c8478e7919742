"""The disk's flush latency while the load runs, recorded beside the HTTP figures.

Every commit waits for PostgreSQL to flush its WAL (fdatasync), so a disk that is slow to flush
stalls every durable write at once: the floor's INSERT as much as the rating POST's UPDATE. On a
shared virtual disk such flushes have been seen to take 0.2-1.3 s several times a minute (see
bench/README.md). This probe lets each run show whether that happened during a phase.

    python -m bench.diskprobe DIRECTORY OUT.csv [--interval 0.1]

Until SIGTERM or SIGINT: every INTERVAL seconds it rewrites one 8 KB block of a file of its own
in DIRECTORY and fdatasyncs it, and appends `epoch_seconds,flush_ms` to OUT.csv. It removes its
file when it stops. One small flush every 100 ms is light beside the load's own commits.
"""

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from bench.stats import percentile

BLOCK = 8192
BLOCKS = 16  # rewrite a few blocks in turn, as WAL segments are rewritten; the file stays 128 KB
SLOW_MS = 50.0  # the rating POST's p99 target: a flush this slow alone takes a request past it


class Stop(Exception):
    pass


def stop(signum, frame) -> None:
    raise Stop


def probe(directory: Path, out: Path, interval: float) -> None:
    path = directory / f"diskprobe-{os.getpid()}.dat"
    block = os.urandom(BLOCK)
    parent = os.getppid()
    descriptor = None
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        with out.open("a", encoding="ascii") as log:
            index = 0
            while os.getppid() == parent:  # bench.run killed outright: stop with it
                os.pwrite(descriptor, block, (index % BLOCKS) * BLOCK)
                started = time.time()
                os.fdatasync(descriptor)
                log.write(f"{started:.3f},{(time.time() - started) * 1000:.2f}\n")
                log.flush()
                index += 1
                time.sleep(interval)
    except Stop:
        pass
    finally:
        if descriptor is not None:
            os.close(descriptor)
        path.unlink(missing_ok=True)


def read_samples(path: Path) -> list[tuple[float, float]]:
    """(epoch seconds, flush ms) pairs; a line cut short by the probe's stop is skipped."""
    samples = []
    if not path.exists():
        return samples
    for line in path.read_text(encoding="ascii", errors="replace").splitlines():
        try:
            at, took = (float(part) for part in line.split(","))
        except ValueError:
            continue
        samples.append((at, took))
    return samples


def flushes_between(samples: list[tuple[float, float]], start: float, end: float) -> dict:
    """The flushes that ran during [start, end], a slow one begun just before included: their
    count, p50, p99, max, how many took over SLOW_MS and when the slowest started (epoch
    seconds, to line up with other logs)."""
    window = [(at, took) for at, took in samples if at <= end and at + took / 1000 >= start]
    if not window:
        return {"flushes": 0}
    ordered = sorted(took for _, took in window)
    slowest_at, slowest = max(window, key=lambda sample: sample[1])
    return {
        "flushes": len(ordered),
        "p50_ms": round(percentile(ordered, 0.50), 2),
        "p99_ms": round(percentile(ordered, 0.99), 2),
        "max_ms": round(slowest, 2),
        "max_at": round(slowest_at, 3),
        f"over_{SLOW_MS:g}_ms": sum(1 for took in ordered if took > SLOW_MS),
    }


def annotate(measured: dict, samples: list[tuple[float, float]]) -> None:
    """Add `disk_flush` (flushes_between) to every fixed phase and saturation step of the load
    generator's results, by the wall-clock bounds each one carries, with how many of its requests
    at or above the p99 were in flight while a flush over SLOW_MS ran."""
    spans = list(measured["phases"].values())
    for target in measured["saturation"].values():
        spans += target["steps"]
    slow = [(at, at + took / 1000) for at, took in samples if took > SLOW_MS]
    for span in spans:
        span["disk_flush"] = flushes_between(samples, span["started_at"], span["ended_at"])
        tail = span.get("p99_tail", [])
        span["disk_flush"]["p99_tail_during_slow_flush"] = sum(
            1 for sent, took in tail if overlaps((sent, sent + took / 1000), slow)
        )


def overlaps(request: tuple[float, float], flushes: list[tuple[float, float]]) -> bool:
    """Whether a request was in flight while one of these flushes ran."""
    sent, answered = request
    return any(started < answered and ended > sent for started, ended in flushes)


def same_device(first: str | Path, second: str | Path) -> bool | None:
    """Whether two paths are on one filesystem; None when either cannot be looked at (the
    PostgreSQL data directory usually belongs to another user)."""
    try:
        return os.stat(first).st_dev == os.stat(second).st_dev
    except OSError:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between flushes")
    args = parser.parse_args(argv)
    if not args.directory.is_dir():
        parser.error(f"{args.directory} is not a directory")
    if not 0.001 <= args.interval <= 60:
        parser.error("--interval must be between 0.001 and 60 seconds")
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    probe(args.directory, args.out, args.interval)
    return 0


if __name__ == "__main__":
    sys.exit(main())
