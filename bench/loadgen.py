"""Open-model HTTP load generator (asyncio + aiohttp), run by bench.run in its own process.

(Over 400 lines because the scheduler, the interviewers that click like the console and the
saturation climb share one event loop and one set of counters; each part is a class of its own.)

Open model: request i of a phase is fired at its planned time, start + i / rate, whatever happened
to the previous ones; the scheduler never waits for a response. Latency is measured from the actual
send to the end of the response body. An error is a status outside 2xx/3xx, an exception or a
timeout. The scheduler's lag (actual minus planned send time) is recorded too: a large lag means
the generator itself could not keep up and the figures at that rate are not trustworthy.

    python -m bench.loadgen PLAN.json RESULTS.json

PLAN (written by bench.run): base_url, the fixtures (sessions, interviews, feedback path) and the
phase settings. RESULTS: one summary per phase and the saturation steps.
"""

import argparse
import asyncio
import itertools
import json
import math
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp

from bench import cpu
from bench.stats import nearest_rank, percentile

VERSION = re.compile(rb'data-version="(\d+)"')
CSRF_HEADER = re.compile(rb'"X-CSRFToken": "([^"]+)"')
HTMX = {"HX-Request": "true"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
TIMEOUT = -1  # pseudo-status of a request that timed out
EXCEPTION = 0  # pseudo-status of a request that failed with an exception
SETTLE_SECONDS = 20.0


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    data: bytes | None = None
    # Called once with every answer: its status (TIMEOUT or EXCEPTION when none came) and body.
    on_response: Callable[[int, bytes], None] | None = None


@dataclass(frozen=True)
class Outcome:
    started: float
    ended: float
    status: int
    lag: float
    failure: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400


def summarize(outcomes: list[Outcome], *, offered_rps: float, planned: int) -> dict:
    latencies = sorted((o.ended - o.started) * 1000 for o in outcomes)
    served = sorted((o.ended - o.started) * 1000 for o in outcomes if o.ok)
    ok = len(served)
    span = (max(o.ended for o in outcomes) - min(o.started for o in outcomes)) if outcomes else 0
    statuses = Counter(str(o.status) for o in outcomes if o.status > 0)
    lags = sorted(o.lag * 1000 for o in outcomes)
    return {
        # Requests still unanswered after the timeout plus 2 s were cancelled: errors too.
        "requests": planned,
        "errors": planned - ok,
        "p50_ms": round(percentile(latencies, 0.50), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
        "p99_ms": round(percentile(latencies, 0.99), 2),
        # The p99 of the requests that were served (2xx/3xx): past saturation the fast 503s would
        # otherwise pull the p99 down and hide how long the served ones took.
        "served_p99_ms": round(percentile(served, 0.99), 2),
        "max_ms": round(latencies[-1], 2) if latencies else math.nan,
        # Successful responses per second, over the span from the first send to the last response.
        "rps": round(ok / span, 1) if span > 0 else 0.0,
        "offered_rps": offered_rps,
        "statuses": dict(sorted(statuses.items())),
        "timeouts": sum(1 for o in outcomes if o.status == TIMEOUT),
        "exceptions": dict(Counter(o.failure for o in outcomes if o.status == EXCEPTION)),
        "scheduler_lag_p99_ms": round(percentile(lags, 0.99), 2),
    }


def step_trouble(summary: dict, *, rate: float, settings: dict) -> list[str]:
    """What says a saturation step did not keep up: its throughput fell short of the offered
    rate (the open model's plain sign of saturation), over 1% errors, an exploded p99, or a
    generator too late to offer the rate at all. Empty when the step kept up."""
    trouble = []
    if summary["rps"] < settings["plateau_fraction"] * rate:
        trouble.append(f"{summary['rps']:.0f} ok/s")
    if summary["errors"] > 0.01 * summary["requests"]:
        trouble.append(f"{summary['errors']} errors")
    if summary["p99_ms"] > settings["p99_explodes_ms"]:
        trouble.append(f"p99 {summary['p99_ms']:.0f} ms")
    if summary["scheduler_lag_p99_ms"] > settings["lag_limit_ms"]:
        trouble.append(f"generator lag p99 {summary['scheduler_lag_p99_ms']:.0f} ms")
    return trouble


@dataclass
class Climb:
    """One target's way up the saturation steps: it stops at the second step in a row that
    shows trouble."""

    steps: list[dict] = field(default_factory=list)
    strikes: int = 0
    stopped: str = ""

    def record(self, summary: dict, *, rate: float, settings: dict) -> None:
        trouble = step_trouble(summary, rate=rate, settings=settings)
        summary["trouble"] = trouble
        self.steps.append(summary)
        self.strikes = self.strikes + 1 if trouble else 0
        if self.strikes >= 2:
            self.stopped = f"twice in a row, up to {rate:g} req/s: " + ", ".join(trouble)

    def result(self) -> dict:
        """The saturation throughput is the best step's, and so is its cost (bench/cpu.py)."""
        best = max(self.steps, key=lambda step: step["rps"], default={})
        return {
            "rps": best.get("rps", 0.0),
            "cpu_ms_per_request": best.get("cpu_ms_per_request"),
            "stopped": self.stopped or "highest step reached (not saturated)",
            "steps": self.steps,
        }


def p99_tail(outcomes: list[Outcome], *, wall_offset: float) -> list[list[float]]:
    """The requests at or above the p99, slowest first, as [sent at (epoch s), latency ms]."""
    if not outcomes:
        return []
    at_or_above = len(outcomes) - nearest_rank(len(outcomes), 0.99) + 1
    slowest = sorted(outcomes, key=lambda o: o.ended - o.started, reverse=True)
    return [
        [round(o.started + wall_offset, 3), round((o.ended - o.started) * 1000, 2)]
        for o in slowest[:at_or_above]
    ]


class Interviewer:
    """One interviewer's browser: its cookies and CSRF token, the level version it last saw for
    each question of its interview, and which questions have a save in flight."""

    def __init__(self, seat: dict, questions: int):
        self.interview = seat["interview"]
        self.session = seat["session"]
        self.questions = questions
        self.cookie = f"sessionid={self.session}"
        self.csrf = ""
        self.versions = [0] * (questions + 1)
        self.in_flight = [0] * (questions + 1)
        self.clicks = 0

    async def log_in(self, client: aiohttp.ClientSession, base: str) -> None:
        """GET the console once: the csrftoken cookie and the masked token in hx-headers."""
        async with client.get(
            f"{base}/i/{self.interview}/", headers={"Cookie": self.cookie}, allow_redirects=False
        ) as response:
            body = await response.read()
            if response.status != 200:
                raise RuntimeError(f"console of interview {self.interview}: {response.status}")
            cookie = response.cookies.get("csrftoken")
            match = CSRF_HEADER.search(body)
            if cookie is None or match is None:
                raise RuntimeError(f"console of interview {self.interview}: no CSRF token")
        self.cookie = f"sessionid={self.session}; csrftoken={cookie.value}"
        self.csrf = match.group(1).decode()

    def next_position(self) -> int:
        """The next question in turn with no save in flight. The console never sends a question's
        level while its previous save is unanswered (static/js/console.js): a slow server makes a
        panelist wait, not conflict with their own last click. Only when every question of this
        interviewer is in flight does a click go to a busy one, and it may meet a 409."""
        for offset in range(self.questions):
            position = (self.clicks + offset) % self.questions + 1
            if not self.in_flight[position]:
                return position
        return self.clicks % self.questions + 1

    def rating(self) -> Request:
        position = self.next_position()
        level = (self.clicks // self.questions + position) % 4 + 1
        self.clicks += 1
        self.in_flight[position] += 1

        def seen(status: int, body: bytes) -> None:
            self.in_flight[position] -= 1
            # 200: the new version; 409: the stored one (what "Keep mine" would resend with).
            match = VERSION.search(body)
            if status in (200, 409) and match:
                self.versions[position] = max(self.versions[position], int(match.group(1)))

        return Request(
            "POST",
            f"/i/{self.interview}/q/{position}/level",
            headers={"Cookie": self.cookie, "X-CSRFToken": self.csrf, **HTMX, **FORM},
            # Encoded here, not by aiohttp's form machinery: the generator shares the server's
            # cores, and every microsecond it spends per request is taken from the server.
            data=f"level={level}&version={self.versions[position]}".encode(),
            on_response=seen,
        )

    def console(self) -> Request:
        return Request("GET", f"/i/{self.interview}/", headers={"Cookie": self.cookie})


class Generator:
    def __init__(self, plan: dict, client: aiohttp.ClientSession):
        self.plan = plan
        self.base = plan["base_url"]
        self.client = client
        fixtures = plan["fixtures"]
        self.interviewers = [Interviewer(seat, fixtures["questions"]) for seat in fixtures["seats"]]
        self.manager_cookie = f"sessionid={fixtures['manager_session']}"
        self.feedback_path = fixtures["feedback_path"]
        self.log = plan.get("verbose", True)
        # gunicorn's and HAProxy's process groups, for what each request costs the cores
        # (bench/cpu.py).
        self.server_group = plan.get("server_group")
        self.proxy_group = plan.get("proxy_group")

    def say(self, text: str) -> None:
        if self.log:
            print(f"[loadgen] {text}", flush=True)

    # --- request makers (called at send time, so versions are the latest seen) -----------------

    def floor(self) -> Callable[[], Request]:
        return lambda: Request("POST", "/bench/floor")

    def ratings(self) -> Callable[[], Request]:
        """Request i comes from interviewer i mod n: at 25 req/s, each of 50 clicks every 2 s."""
        cycle = itertools.cycle(self.interviewers)
        return lambda: next(cycle).rating()

    def consoles(self) -> Callable[[], Request]:
        cycle = itertools.cycle(self.interviewers)
        return lambda: next(cycle).console()

    def feedback(self) -> Callable[[], Request]:
        return lambda: Request("GET", self.feedback_path)

    def calibration(self) -> Callable[[], Request]:
        return lambda: Request("GET", "/calibration/", headers={"Cookie": self.manager_cookie})

    # --- the scheduler -------------------------------------------------------------------------

    async def fire(self, make, lag: float, timeout: float, outcomes: list[Outcome]) -> None:
        request = make()
        status, failure, body = EXCEPTION, "", b""
        started = time.perf_counter()
        try:
            async with self.client.request(
                request.method,
                self.base + request.path,
                headers=request.headers,
                data=request.data,
                timeout=aiohttp.ClientTimeout(total=timeout),
                allow_redirects=False,
            ) as response:
                body = await response.read()
                status = response.status
        except TimeoutError:
            status = TIMEOUT
        except Exception as error:  # a connection error or anything else: this request's failure
            failure = type(error).__name__
        except asyncio.CancelledError:
            # The phase ended without this answer: the client stops waiting for it too.
            if request.on_response is not None:
                request.on_response(EXCEPTION, b"")
            raise
        ended = time.perf_counter()
        outcomes.append(Outcome(started, ended, status, lag, failure))
        if request.on_response is not None:
            request.on_response(status, body)

    async def open_model(
        self, make, *, rate: float, seconds: float, timeout: float
    ) -> tuple[list[Outcome], int]:
        """Fire request i at start + i / rate for `seconds`; then wait (bounded) for the last."""
        planned = max(1, round(rate * seconds))
        loop = asyncio.get_running_loop()
        outcomes: list[Outcome] = []
        tasks = []
        start = loop.time()
        for index in range(planned):
            due = start + index / rate
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            lag = max(0.0, loop.time() - due)
            tasks.append(asyncio.create_task(self.fire(make, lag, timeout, outcomes)))
        _, pending = await asyncio.wait(tasks, timeout=timeout + 2)
        for task in pending:
            task.cancel()
        return outcomes, planned

    async def phase(self, name: str, make, *, rate: float, seconds: float, timeout: float) -> dict:
        started_at = time.time()
        cpu_before = self.cpu_snapshot()
        outcomes, planned = await self.open_model(make, rate=rate, seconds=seconds, timeout=timeout)
        cpu_after = self.cpu_snapshot()
        summary = summarize(outcomes, offered_rps=rate, planned=planned)
        if cpu_before is not None and cpu_after is not None:
            ok = summary["requests"] - summary["errors"]
            summary["cpu_ms_per_request"] = cpu.per_request(cpu_before, cpu_after, ok)
        # Wall-clock times, to line the phase and its slowest requests up with the disk probe and
        # the machine's logs.
        summary["started_at"], summary["ended_at"] = round(started_at, 3), round(time.time(), 3)
        summary["p99_tail"] = p99_tail(outcomes, wall_offset=time.time() - time.perf_counter())
        self.say(
            f"{name:<18} {rate:7.1f} req/s x {seconds:g} s: p50 {summary['p50_ms']:.1f} ms, "
            f"p99 {summary['p99_ms']:.1f} ms, {summary['rps']:.1f} ok/s, "
            f"errors {summary['errors']} {summary['statuses']}"
        )
        await self.settle()
        return summary

    def cpu_snapshot(self) -> dict[str, int] | None:
        if self.server_group is None:
            return None
        return cpu.snapshot(server=self.server_group, generator=os.getpid(), proxy=self.proxy_group)

    async def settle(self) -> None:
        """Wait (bounded) until /healthz answers quickly twice: requests a client gave up on may
        still be queued in the server, and must not be charged to the next phase."""
        deadline = time.monotonic() + SETTLE_SECONDS
        fast = 0
        while time.monotonic() < deadline and fast < 2:
            started = time.perf_counter()
            try:
                async with self.client.get(
                    f"{self.base}/healthz", timeout=aiohttp.ClientTimeout(total=5)
                ) as response:
                    await response.read()
                    quick = response.status == 200 and time.perf_counter() - started < 0.05
            except (TimeoutError, aiohttp.ClientError, OSError):
                quick = False
            fast = fast + 1 if quick else 0
            await asyncio.sleep(0.25)
        await asyncio.sleep(0.5)

    # --- the run -------------------------------------------------------------------------------

    async def run(self) -> dict:
        settings = self.plan["settings"]
        seconds = settings["seconds"]
        timeout = settings["timeout"]
        for interviewer in self.interviewers:
            await interviewer.log_in(self.client, self.base)
        self.say(f"{len(self.interviewers)} interviewers logged in (CSRF token from the console)")

        # Warm-up, not recorded: every worker loads its code and opens its database connection.
        warm = [self.floor(), self.ratings(), self.consoles(), self.calibration()]
        cycle = itertools.cycle(warm)
        await self.open_model(lambda: next(cycle)(), rate=20, seconds=4, timeout=timeout)
        await self.settle()

        results: dict = {"phases": {}}
        phases = results["phases"]
        rating_rate = settings["rating_rps"]
        phases["floor"] = await self.phase(
            "floor", self.floor(), rate=rating_rate, seconds=seconds, timeout=timeout
        )
        phases["rating_post"] = await self.phase(
            "rating_post", self.ratings(), rate=rating_rate, seconds=seconds, timeout=timeout
        )
        phases["console_get"] = await self.phase(
            "console_get",
            self.consoles(),
            rate=settings["console_rps"],
            seconds=seconds,
            timeout=timeout,
        )
        if self.feedback_path:
            phases["feedback_get"] = await self.phase(
                "feedback_get",
                self.feedback(),
                rate=settings["feedback_rps"],
                seconds=settings["feedback_seconds"],
                timeout=timeout,
            )
        phases["calibration_page"] = await self.phase(
            "calibration_page",
            self.calibration(),
            rate=settings["calibration_rps"],
            seconds=seconds,
            timeout=timeout,
        )
        results["saturation"] = await self.saturation(settings)
        return results

    async def saturation(self, settings: dict) -> dict:
        """Step the offered rate up, the floor and the rating POST in turn at each step (so that
        background noise hits both alike). A target stops when a step shows trouble (see
        step_trouble) twice in a row: one bad step is often the machine's (a disk flush that
        stalls every commit for a second, another process's burst), and the step above tells
        which it was. Saturation throughput: the best step's successful responses per second."""
        makers = {"floor": self.floor(), "rating_post": self.ratings()}
        climbs = {name: Climb() for name in makers}
        for rate in settings["saturation_rates"]:
            for name, make in makers.items():
                if climbs[name].stopped:
                    continue
                summary = await self.phase(
                    f"{name} step",
                    make,
                    rate=rate,
                    seconds=settings["step_seconds"],
                    timeout=settings["step_timeout"],
                )
                climbs[name].record(summary, rate=rate, settings=settings)
            if all(climb.stopped for climb in climbs.values()):
                break
        results = {name: climb.result() for name, climb in climbs.items()}
        for name in settings.get("overload_targets", ()):
            results[name]["overload"] = await self.overload(
                name, makers[name], peak=results[name]["rps"], settings=settings
            )
        return results

    async def overload(self, name: str, make, *, peak: float, settings: dict) -> list[dict]:
        """Past saturation: the offered rate at each factor (1.3x, 2x) of the saturation
        throughput. What counts is the goodput (successful responses per second, as a share of
        that peak) and how long the served requests took: a server that sheds the excess fast
        keeps both; one that lets requests wait for workers serves late, or not at all."""
        steps = []
        for factor in settings["overload_factors"]:
            rate = round(peak * factor, 1)
            if rate <= 0:
                continue
            summary = await self.phase(
                f"{name} x{factor:g}",
                make,
                rate=rate,
                seconds=settings["step_seconds"],
                timeout=settings["step_timeout"],
            )
            summary["factor"] = factor
            summary["goodput_pct"] = round(100 * summary["rps"] / peak, 1)
            steps.append(summary)
        return steps


async def main_async(plan: dict) -> dict:
    connector = aiohttp.TCPConnector(limit=plan["settings"]["connections"], limit_per_host=0)
    async with aiohttp.ClientSession(
        connector=connector, cookie_jar=aiohttp.DummyCookieJar()
    ) as client:
        return await Generator(plan, client).run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan")
    parser.add_argument("results")
    args = parser.parse_args(argv)
    with open(args.plan, encoding="utf-8") as handle:
        plan = json.load(handle)
    try:
        results = asyncio.run(main_async(plan))
    except KeyboardInterrupt:  # Ctrl-C reaches the whole terminal group; bench.run cleans up
        return 130
    with open(args.results, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
