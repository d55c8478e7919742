"""Every response to a signed-in user says `Cache-Control: no-store, private`: walked over every
route of the URL conf, with the console, the report, its PDF and calibration actually rendered."""

import pytest
from django.urls import reverse

from tests.config.urlwalk import SAMPLE, concrete, routes
from tests.reports.builders import built_interview


def assert_private(response, path):
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= directives, f"{path}: {response.get('Cache-Control')!r}"


@pytest.fixture
def interview(cast):
    interview, _ = built_interview([cast.ada], [3, 2])
    return interview


@pytest.mark.parametrize("who", ["ada", "manager", "curator"])
def test_every_route_answers_a_signed_in_user_no_store_private(client, cast, interview, who):
    client.force_login(getattr(cast, who))
    sample = SAMPLE | {"id": str(interview.pk)}
    for name, route in routes():
        if name == "logout":
            continue  # signs out: its answer is to nobody
        path = concrete(route, sample)
        assert_private(client.get(path), path)


def test_the_sensitive_pages_render_and_are_private(client, cast, interview):
    client.force_login(cast.manager)
    for name in ("reports:report", "reports:report_pdf"):
        response = client.get(reverse(name, kwargs={"pk": interview.pk}))
        assert response.status_code == 200
        assert_private(response, name)
    response = client.get(reverse("calibration:page"))
    assert response.status_code == 200
    assert_private(response, "calibration")
    client.force_login(cast.ada)
    response = client.get(reverse("interviews:console", kwargs={"pk": interview.pk}))
    assert response.status_code == 200
    assert_private(response, "console")


def test_a_write_is_private_too(client, cast, interview):
    client.force_login(cast.ada)
    response = client.post(reverse("interviews:presence", kwargs={"pk": interview.pk}))
    assert response.status_code in (200, 302)
    assert_private(response, "presence")


def test_signing_in_answers_private(client, cast):
    response = client.post(reverse("login"), {"username": "ada", "password": cast.password})
    assert response.status_code == 302
    assert_private(response, "login")
