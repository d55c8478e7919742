"""Every page but a short public list sends an anonymous visitor to the login page."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Name -> why it is public.
PUBLIC = {
    "login": "the way in",
    "healthz": "load balancers probe it",
    "feedback": "the candidate's capability link, guarded by its token",
    "feedback_pdf": "the candidate's capability link, guarded by its token",
}
SAMPLE = {
    "int": "1",
    "slug": "sample",
    "str": "sample",
    "uuid": "0" * 8 + "-0000-0000-0000-" + "0" * 12,
}


def walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or ''}", route


def concrete(route: str) -> str:
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "1"), route)
    return "/" + path.lstrip("^").rstrip("$")


PAGES = [
    (name, concrete(route))
    for name, route in walk(get_resolver().url_patterns)
    if not name.startswith("admin:") and "(?P" not in route
]
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
