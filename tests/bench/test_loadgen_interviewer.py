"""bench.loadgen's interviewers click like the console: never on a question whose save is in
flight, unless every question is, and a lost or cancelled answer frees the question."""

import asyncio

import aiohttp
from aiohttp import web

from bench.loadgen import TIMEOUT, Generator, Interviewer
from tests.bench.aio import run_off_main_thread, serving


def path_of(request) -> str:
    return request.path.rsplit("/q/", 1)[1]


def test_a_question_with_a_save_in_flight_waits_for_its_answer():
    interviewer = Interviewer({"interview": 7, "session": "s"}, questions=3)
    first, second = interviewer.rating(), interviewer.rating()
    assert [path_of(first), path_of(second)] == ["1/level", "2/level"]
    second.on_response(200, b'<span data-version="5">Saved</span>')
    assert path_of(interviewer.rating()) == "3/level"
    # Question 1 is next in turn but still in flight: the click goes to question 2, answered.
    fourth = interviewer.rating()
    assert path_of(fourth) == "2/level"
    assert fourth.data.endswith(b"&version=5")
    # Every question is in flight: the click still goes out (open model), to one in turn.
    assert path_of(interviewer.rating()) in {"1/level", "2/level", "3/level"}
    assert sum(interviewer.in_flight) == 4


def test_a_lost_answer_frees_the_question_and_a_conflict_brings_the_stored_version():
    interviewer = Interviewer({"interview": 7, "session": "s"}, questions=2)
    first, second = interviewer.rating(), interviewer.rating()
    first.on_response(TIMEOUT, b"")
    second.on_response(409, b'<div data-conflict="level"><button data-version="9">')
    assert interviewer.in_flight == [0, 0, 0]
    assert interviewer.versions == [0, 0, 9]


async def against_a_server_that_never_answers(client_side) -> object:
    """Run client_side(generator, interviewer) against a live aiohttp server whose rating
    endpoint answers only once the test is over."""
    released = asyncio.Event()

    async def answers_only_when_released(request):
        await released.wait()
        return web.Response(text="")

    app = web.Application()
    app.router.add_post("/i/7/q/{position}/level", answers_only_when_released)
    async with serving(app) as base_url, aiohttp.ClientSession() as client:
        plan = {
            "base_url": base_url,
            "verbose": False,
            "fixtures": {
                "questions": 2,
                "seats": [{"interview": 7, "session": "s"}],
                "manager_session": "m",
                "feedback_path": None,
            },
        }
        generator = Generator(plan, client)
        try:
            return await client_side(generator, generator.interviewers[0])
        finally:
            released.set()  # before the server's cleanup, which waits for its handlers


def test_a_save_cancelled_at_the_end_of_a_phase_frees_its_question():
    async def cancel_midway(generator, interviewer):
        outcomes = []
        task = asyncio.create_task(generator.fire(interviewer.rating, 0.0, 10.0, outcomes))
        await asyncio.sleep(0.3)
        assert interviewer.in_flight == [0, 1, 0]
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return outcomes, interviewer.in_flight

    outcomes, in_flight = run_off_main_thread(against_a_server_that_never_answers(cancel_midway))
    assert outcomes == []  # a cancelled request is charged by the phase as planned but unanswered
    assert in_flight == [0, 0, 0]


def test_a_save_that_timed_out_frees_its_question_and_keeps_its_version():
    async def time_out(generator, interviewer):
        outcomes = []
        await generator.fire(interviewer.rating, 0.0, 0.2, outcomes)
        return outcomes, interviewer

    outcomes, interviewer = run_off_main_thread(against_a_server_that_never_answers(time_out))
    assert [outcome.status for outcome in outcomes] == [TIMEOUT]
    assert interviewer.in_flight == [0, 0, 0]
    assert interviewer.versions == [0, 0, 0]


def test_the_api_phase_asks_for_a_page_of_50_changed_since_the_oldest_with_its_key():
    plan = {
        "base_url": "http://127.0.0.1:1",
        "verbose": False,
        "fixtures": {
            "questions": 2,
            "seats": [],
            "manager_session": "m",
            "feedback_path": None,
            "api_key": "loupe_k",
            "api_since": "2026-11-30T03:00:00+00:00",
        },
    }
    request = Generator(plan, client=None).api_interviews()()
    assert request.path == (
        "/api/v1/interviews?updated_since=2026-11-30T03%3A00%3A00%2B00%3A00&limit=50"
    )
    assert request.headers == {"Authorization": "Bearer loupe_k"}
