"""bench.cpu: each process's CPU time counted in its group, and turned into milliseconds per
successful request."""

import os
import time

import aiohttp
from aiohttp import web

from bench.cpu import per_request, snapshot
from bench.loadgen import Climb, Generator
from tests.bench.aio import run_off_main_thread, serving

SERVER, GENERATOR, PROXY = 100, 400, 600


def stat_line(pid: int, name: str, group: int, utime: int, stime: int, children: int) -> str:
    # proc(5): pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt
    # cmajflt utime stime cutime cstime priority ...; every other number differs from those read.
    return (
        f"{pid} ({name}) S 1 {group} 77 0 -1 4194304 10 0 0 0 {utime} {stime} "
        f"{children} {children} 20 0 1\n"
    )


def fake_proc(tmp_path, processes):
    tmp_path.mkdir(exist_ok=True)
    for pid, name, group, utime, stime, *children in processes:
        line = stat_line(pid, name, group, utime, stime, children[0] if children else 0)
        (tmp_path / str(pid)).mkdir()
        (tmp_path / str(pid) / "stat").write_text(line)
    (tmp_path / "self").mkdir()  # not a pid: skipped
    (tmp_path / "999").mkdir()  # a process that ended while the snapshot ran: no stat left
    return tmp_path


def test_it_counts_each_process_in_its_group(tmp_path):
    proc = fake_proc(
        tmp_path,
        [
            (SERVER, "python3.12", SERVER, 5, 1),  # gunicorn's arbiter
            (101, "python3.12", SERVER, 300, 40),  # a worker
            (102, "gunicorn: (worker) x", SERVER, 7, 3),  # a name with spaces and parentheses
            (200, "postgres", 200, 20, 2, 15),  # the postmaster, with backends that ended: 30
            (201, "postgres", 200, 60, 8),  # a backend
            (300, "redis-server", 300, 4, 1),
            (GENERATOR, "python3", 399, 90, 10),
            (500, "bash", 500, 1000, 1000),  # anything else is left out
            (PROXY, "haproxy", PROXY, 30, 6),  # the bench's HAProxy
            (700, "haproxy", 700, 500, 500),  # someone else's: left out
        ],
    )
    ticks = snapshot(server=SERVER, generator=GENERATOR, proxy=PROXY, proc=proc)
    assert ticks == {"server": 356, "postgresql": 120, "redis": 5, "proxy": 36, "generator": 100}


def test_a_backend_that_ends_leaves_its_time_with_the_postmaster(tmp_path):
    alive = [(200, "postgres", 200, 20, 2), (201, "postgres", 200, 60, 8)]
    before = snapshot(server=SERVER, generator=GENERATOR, proc=fake_proc(tmp_path / "a", alive))
    ended = [(200, "postgres", 200, 21, 2, 34)]  # 201 ended and was waited for: 68 ticks
    after = snapshot(server=SERVER, generator=GENERATOR, proc=fake_proc(tmp_path / "b", ended))
    assert after["postgresql"] - before["postgresql"] == 1


def test_the_cost_is_milliseconds_of_cpu_per_successful_request():
    before = {"server": 1000, "postgresql": 500, "redis": 10, "generator": 300}
    after = {"server": 1340, "postgresql": 588, "redis": 15, "generator": 400}
    costs = per_request(before, after, 1000, ticks_per_second=100)
    assert costs == {
        "server": 3.4,
        "postgresql": 0.88,
        "redis": 0.05,
        "proxy": 0.0,  # not in the snapshots: no proxy in front
        "generator": 1.0,
        "total": 5.33,
    }


def test_a_group_that_lost_a_process_never_goes_below_zero():
    before = {"server": 1000, "postgresql": 500, "redis": 10, "generator": 300}
    after = {"server": 1100, "postgresql": 450, "redis": 10, "generator": 310}
    costs = per_request(before, after, 100, ticks_per_second=100)
    assert costs["postgresql"] == 0.0
    assert costs["total"] == 11.0


def test_no_successful_request_has_no_cost():
    ticks = {"server": 1, "postgresql": 1, "redis": 1, "generator": 1}
    assert per_request(ticks, ticks, 0) == {}


def test_it_reads_this_process_cpu_from_the_real_proc():
    before = snapshot(server=-1, generator=os.getpid())
    deadline = time.process_time() + 0.3
    while time.process_time() < deadline:
        pass
    after = snapshot(server=-1, generator=os.getpid())
    costs = per_request(before, after, 1)
    assert 200 <= costs["generator"] <= 1000


def test_the_saturation_cost_is_the_best_steps():
    climb = Climb(
        steps=[
            {"rps": 400.0, "cpu_ms_per_request": {"total": 4.9}},
            {"rps": 455.0, "cpu_ms_per_request": {"total": 4.4}},
            {"rps": 310.0, "cpu_ms_per_request": {"total": 6.4}},
        ]
    )
    assert climb.result()["rps"] == 455.0
    assert climb.result()["cpu_ms_per_request"] == {"total": 4.4}
    assert Climb().result()["cpu_ms_per_request"] is None


async def floor_phase(*, server_group: int | None) -> dict:
    """One 1-second phase of floor requests against an in-process server whose every answer
    burns 5 ms of CPU: the generator's own process does all the work here."""

    async def burn(request):
        deadline = time.process_time() + 0.005
        while time.process_time() < deadline:
            pass
        return web.Response(text="ok")

    async def healthz(request):
        return web.Response(text="{}")

    app = web.Application()
    app.router.add_post("/bench/floor", burn)
    app.router.add_get("/healthz", healthz)
    async with serving(app) as base_url, aiohttp.ClientSession() as client:
        plan = {
            "base_url": base_url,
            "verbose": False,
            "server_group": server_group,
            "fixtures": {
                "questions": 1,
                "seats": [],
                "manager_session": "m",
                "feedback_path": None,
            },
        }
        generator = Generator(plan, client)
        return await generator.phase("floor", generator.floor(), rate=40, seconds=1, timeout=5)


def test_a_phase_records_what_its_requests_cost_given_the_servers_group():
    summary = run_off_main_thread(floor_phase(server_group=-1))
    assert summary["requests"] == 40 and summary["errors"] == 0
    costs = summary["cpu_ms_per_request"]
    assert set(costs) == {"server", "postgresql", "redis", "proxy", "generator", "total"}
    # The server runs in the generator's process here: the 5 ms each answer burned, and more.
    assert costs["generator"] >= 4.0


def test_a_phase_without_the_servers_group_takes_no_cost():
    summary = run_off_main_thread(floor_phase(server_group=None))
    assert summary["requests"] == 40
    assert "cpu_ms_per_request" not in summary
