"""bench.fixtures: the sessions it creates server-side sign their users in, as a login would."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from bench.fixtures import api_key, session_for
from interviews.services import interview_schedule
from interviews.synthetic import synthetic_kit


def test_a_bench_session_signs_its_user_in(client, cast):
    client.cookies[settings.SESSION_COOKIE_NAME] = session_for(cast.manager)
    response = client.get(reverse("interviews:home"))
    assert response.status_code == 200
    assert response.wsgi_request.user == cast.manager


def test_the_bench_api_key_reads_the_interview_feed_from_the_oldest_change(client, cast):
    """The API phase of make bench skips itself without a key: the fixtures must make one."""
    scheduled = interview_schedule(
        candidate_name="Lin",
        candidate_email="lin@example.com",
        kit=synthetic_kit(slug="bench-api", questions=1),
        scheduled_at=timezone.now(),
        panel=[cast.ada],
        lead=cast.ada,
    )
    key, since = api_key(cast.manager)
    response = client.get(
        "/api/v1/interviews",
        {"updated_since": since, "limit": 50},
        headers={"authorization": f"Bearer {key}"},
    )
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [scheduled.pk]
