"""An oversized number in a path or a form is a 404, or a 422 (400 in the API) that says what is
wrong, never a 500: on every route that takes an integer, on PostgreSQL here and on SQLite (the
embedded default) in a subprocess."""

import pytest
from django.urls import reverse

from tests.config.urlwalk import SAMPLE, concrete, routes, walk
from tests.sqlite import run_on_sqlite

HUGE = ["9" * 25, str(2**63), str(2**63 - 1), str(2**15)]
INTEGER_ROUTES = [
    (name, route) for name, route in routes() if "<id:" in route or "<position:" in route
]


def oversized_paths() -> list[str]:
    """Every integer route with each oversized number in every integer slot."""
    paths = []
    for _, route in INTEGER_ROUTES:
        for number in HUGE:
            paths.append(concrete(route, SAMPLE | {"id": number, "position": number}))
    return paths


def test_no_route_takes_an_unbounded_int():
    from django.urls import get_resolver

    unbounded = [route for _, route in walk(get_resolver().url_patterns) if "<int:" in route]
    assert unbounded == []
    assert len(INTEGER_ROUTES) >= 20


def test_every_integer_route_answers_oversized_numbers_with_a_404(client, cast):
    admin = type(cast.curator).objects.create_superuser("root", "root@example.com", "x" * 20)
    for user in (cast.ada, admin):
        client.force_login(user)
        for path in oversized_paths():
            for method in (client.get, client.post):
                response = method(path)
                status = response.status_code
                if status == 302 and path.startswith("/admin/"):
                    # The admin's own fallbacks: its login for a non-staff user, and a URL that
                    # matches no view of its own redirected to the change page that says "not
                    # found".
                    continue
                if status == 401 and path.startswith("/api/"):
                    # The JSON API asks for its key first (no session); past the id converter's
                    # range a path matches no operation and is a 404 problem.
                    continue
                assert status in (404, 405), f"{method.__name__.upper()} {path}: {status}"


@pytest.mark.parametrize(
    ("name", "data", "field"),
    [
        ("rate", {"level": 3, "version": "9" * 25}, "version"),
        ("skip", {"reason": "ill", "version": str(2**31)}, "version"),
        ("notes", {"notes": "x", "version": str(2**63)}, "version"),
        ("signals", {"signal": "9" * 25, "version": 0}, "signal"),
    ],
)
def test_an_oversized_number_in_a_console_form_is_named_in_a_422(
    client, cast, interview, name, data, field
):
    client.force_login(cast.ada)
    url = reverse(f"interviews:{name}", kwargs={"pk": interview.pk, "position": 1})
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert f"{field}:" in response.content.decode()


def test_an_oversized_position_to_go_to_is_named_in_a_422(client, cast, interview):
    client.force_login(cast.ada)
    url = reverse("interviews:go", kwargs={"pk": interview.pk})
    response = client.post(url, {"position": "9" * 25}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "position:" in response.content.decode()


SQLITE_SCRIPT = """
from tests.config.test_oversized_numbers import oversized_paths

client = Client(raise_request_exception=False)
client.force_login(User.objects.create_superuser("root", "root@example.com", "x" * 20))
statuses = {}
for path in oversized_paths():
    statuses[path] = sorted({client.get(path).status_code, client.post(path).status_code})
client.force_login(User.objects.get(username="ada"))
rate = f"/i/{interview.pk}/q/1/level"
statuses["rate version"] = [client.post(rate, {"level": 3, "version": "9" * 25}).status_code]
print(json.dumps(statuses))
"""


def test_oversized_numbers_are_404s_and_4xx_on_the_embedded_sqlite_default(tmp_path):
    statuses = run_on_sqlite(tmp_path, SQLITE_SCRIPT)
    wrong = {
        path: found
        for path, found in statuses.items()
        if not set(found)
        <= {400, 404, 405, 422}
        | ({302} if path.startswith("/admin/") else set())
        | ({401} if path.startswith("/api/") else set())
    }
    assert wrong == {}
    assert statuses["rate version"] == [422]
