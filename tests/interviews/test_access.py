"""Only the interview's panelists reach its console; everyone else gets a 404."""

import pytest
from django.urls import reverse

from interviews.models import Rating
from tests.interviews.builders import make_interview

POSTS = {
    "start": ({}, {}),
    "reschedule": ({}, {"scheduled_at": "2026-12-24T10:00"}),
    "go": ({}, {"position": 1}),
    "presence": ({}, {}),
    "submit": ({}, {"recommendation": "yes", "level": "senior"}),
    "amend": ({}, {"target": "level", "value": "staff", "reason": "x"}),
    "rate": ({"position": 1}, {"level": 3, "version": 0}),
    "skip": ({"position": 1}, {"reason": "time", "version": 0}),
    "signals": ({"position": 1}, {"version": 0}),
    "notes": ({"position": 1}, {"notes": "hi", "version": 0}),
}


@pytest.fixture
def adas_interview(cast):
    """Ada's interview; Grace is not on it."""
    return make_interview([cast.ada])


def unchanged(interview) -> bool:
    return (
        not Rating.objects.filter(scorecard__interview=interview)
        .exclude(level=None, notes="", level_version=0)
        .exists()
    )


def test_another_interviewer_cannot_open_the_console(client, cast, adas_interview):
    client.force_login(cast.grace)
    response = client.get(reverse("interviews:console", kwargs={"pk": adas_interview.pk}))
    assert response.status_code == 404


@pytest.mark.parametrize("name", POSTS)
def test_another_interviewer_gets_404_on_every_write(client, cast, adas_interview, name):
    kwargs, data = POSTS[name]
    client.force_login(cast.grace)
    response = client.post(
        reverse(f"interviews:{name}", kwargs={"pk": adas_interview.pk, **kwargs}), data
    )
    assert response.status_code == 404
    assert unchanged(adas_interview)


@pytest.mark.parametrize("name", POSTS)
def test_a_hiring_manager_who_is_not_on_the_panel_gets_404(client, cast, adas_interview, name):
    kwargs, data = POSTS[name]
    client.force_login(cast.manager)
    response = client.post(
        reverse(f"interviews:{name}", kwargs={"pk": adas_interview.pk, **kwargs}), data
    )
    assert response.status_code == 404


@pytest.mark.parametrize("name", POSTS)
def test_an_anonymous_visitor_is_sent_to_login(client, adas_interview, name):
    kwargs, data = POSTS[name]
    response = client.post(
        reverse(f"interviews:{name}", kwargs={"pk": adas_interview.pk, **kwargs}), data
    )
    assert response.status_code == 302
    assert response.url.startswith("/login/")
    assert unchanged(adas_interview)


@pytest.mark.parametrize("name", [*POSTS, "console"])
def test_a_wrong_interview_id_is_404(ada_client, adas_interview, name):
    kwargs, data = POSTS.get(name, ({}, {}))
    url = reverse(f"interviews:{name}", kwargs={"pk": adas_interview.pk + 1000, **kwargs})
    response = ada_client.post(url, data) if name != "console" else ada_client.get(url)
    assert response.status_code == 404


def test_reads_are_refused_for_writes_only_urls(ada_client, adas_interview):
    response = ada_client.get(
        reverse("interviews:rate", kwargs={"pk": adas_interview.pk, "position": 1})
    )
    assert response.status_code == 405


BAD_WRITES = {
    "rate": ({"position": 1}, {"level": 9, "version": 0}),
    "rate (no such question)": ({"position": 99}, {"level": 3, "version": 0}),
    "skip": ({"position": 1}, {"reason": "", "version": 0}),
    "signals": ({"position": 1}, {"signal": "999999", "version": 0}),
    "notes": ({"position": 1}, {"notes": "x" * 20_001, "version": 0}),
}


@pytest.mark.parametrize("name", BAD_WRITES)
def test_an_outsiders_bad_write_is_404_too_so_it_tells_nothing(client, cast, adas_interview, name):
    # A 400 or 409 would tell an outsider that the interview and the question exist.
    kwargs, data = BAD_WRITES[name]
    client.force_login(cast.grace)
    url_name = name.split(" ")[0]
    response = client.post(
        reverse(f"interviews:{url_name}", kwargs={"pk": adas_interview.pk, **kwargs}),
        data,
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 404
    assert unchanged(adas_interview)
