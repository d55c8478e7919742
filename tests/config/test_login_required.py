"""Every page but a short public list sends an anonymous visitor to the login page."""

import pytest

from tests.config.urlwalk import concrete, routes

# Name -> why it is public.
PUBLIC = {
    "login": "the way in",
    "healthz": "load balancers probe it",
    "feedback": "the candidate's capability link, guarded by its token",
    "feedback_pdf": "the candidate's capability link, guarded by its token",
    "room": "the candidate's room link, guarded by its token",
}
PAGES = [(name, concrete(route)) for name, route in routes() if not name.startswith("admin:")]
PRIVATE_PAGES = [(name, path) for name, path in PAGES if name.split(":")[-1] not in PUBLIC]


def test_the_walk_finds_the_app_pages():
    assert {"interviews:home", "login", "healthz", "logout"} <= {name for name, _ in PAGES}


@pytest.mark.parametrize(("name", "path"), PRIVATE_PAGES, ids=[n for n, _ in PRIVATE_PAGES])
def test_an_anonymous_visitor_is_sent_to_login(client, db, name, path):
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code in (302, 405), f"{path} answered {response.status_code}"
        if response.status_code == 302:
            assert response.url.startswith("/login/"), f"{path} redirected to {response.url}"


def test_the_admin_asks_anonymous_visitors_to_log_in(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_the_public_pages_answer_without_login(client, db):
    assert client.get("/login/").status_code == 200
    assert client.get("/healthz").status_code == 200
