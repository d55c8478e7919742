import asyncio

import pytest

from interviews.rooms import services


@pytest.fixture
def room_link(interview):
    """The live interview's room and its link's path (Ada leads, Grace sits on the panel)."""
    room, token = services.room_for_interview(interview=interview)
    return room, token, f"/room/{token}/"


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(autouse=True)
def no_running_event_loop():
    """Playwright's sync API (the session's Chromium, once a browser test has run) leaves its event
    loop marked as running in this thread, and anyio refuses to start one of its own beside it.
    The socket tests make no browser call: set that loop aside while they run."""
    running = asyncio._get_running_loop()
    asyncio._set_running_loop(None)
    yield
    asyncio._set_running_loop(running)
