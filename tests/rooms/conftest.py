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
