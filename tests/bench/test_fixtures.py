"""bench.fixtures: the sessions it creates server-side sign their users in, as a login would."""

from django.conf import settings
from django.urls import reverse

from bench.fixtures import session_for


def test_a_bench_session_signs_its_user_in(client, cast):
    client.cookies[settings.SESSION_COOKIE_NAME] = session_for(cast.manager)
    response = client.get(reverse("interviews:home"))
    assert response.status_code == 200
    assert response.wsgi_request.user == cast.manager
