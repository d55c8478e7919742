import pytest

from interviews.rubrics import clear_caches
from tests.interviews.builders import make_interview


@pytest.fixture(autouse=True)
def cold_rubric_cache():
    """Each test starts with empty rubric caches, so query counts are the cold, worst case."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def interview(cast):
    """A live interview on a 3-question kit; Ada leads, Grace sits on the panel."""
    return make_interview([cast.ada, cast.grace])


@pytest.fixture
def ada_client(client, cast):
    client.force_login(cast.ada)
    return client
