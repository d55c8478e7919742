"""The bench's server-side sessions sign their user in (the first authentication backend is
axes's, which loads no user: a session naming it was a 500 on every page)."""

from django.conf import settings

from bench.fixtures import session_for


def test_a_bench_session_opens_the_app(client, cast):
    client.cookies[settings.SESSION_COOKIE_NAME] = session_for(cast.ada)
    assert client.get("/").status_code == 200
