import pytest


@pytest.fixture
def ada_client(client, cast):
    client.force_login(cast.ada)
    return client
