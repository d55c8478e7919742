"""bench.loadgen past saturation: the rating POST offered multiples of its saturation throughput,
judged on its goodput and on the p99 of the requests it served (the fast 503s left out)."""

import asyncio
import itertools

import aiohttp
from aiohttp import web

from bench.loadgen import Generator
from tests.bench.aio import run_off_main_thread, serving


async def overload_steps() -> list[dict]:
    """A server that serves one request in two quickly and refuses the other slowly: the served
    p99 must be the quick ones', the overall p99 the slow refusals'."""
    turn = itertools.count()

    async def floor(request):
        if next(turn) % 2:
            await asyncio.sleep(0.1)
            return web.Response(status=503, headers={"Retry-After": "1"})
        await asyncio.sleep(0.005)
        return web.Response(text="ok")

    async def healthz(request):
        return web.Response(text="{}")

    app = web.Application()
    app.router.add_post("/bench/floor", floor)
    app.router.add_get("/healthz", healthz)
    async with serving(app) as base_url, aiohttp.ClientSession() as client:
        plan = {
            "base_url": base_url,
            "verbose": False,
            "fixtures": {
                "questions": 1,
                "seats": [],
                "manager_session": "m",
                "feedback_path": None,
            },
        }
        generator = Generator(plan, client)
        settings = {"overload_factors": [1.5, 2.0], "step_seconds": 1.0, "step_timeout": 5.0}
        return await generator.overload("floor", generator.floor(), peak=20.0, settings=settings)


def test_each_factor_is_offered_and_judged_on_what_was_served():
    steps = run_off_main_thread(overload_steps())
    assert [(step["factor"], step["offered_rps"]) for step in steps] == [(1.5, 30.0), (2.0, 40.0)]
    for step in steps:
        assert step["statuses"]["503"] >= step["requests"] // 2 - 1
        assert step["goodput_pct"] == round(100 * step["rps"] / 20.0, 1)
        assert step["served_p99_ms"] < 80 <= step["p99_ms"]
