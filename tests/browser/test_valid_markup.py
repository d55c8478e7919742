"""Every page's HTML, as the server sends it, passes the Nu HTML checker (vnu.jar) with no error
but those about htmx's own hx-* attributes; so do the htmx fragments pages swap in, each in the
smallest valid document around it. The same pages as the axe audit (tests/browser/audit_world.py),
fetched through the test client; one JVM run checks them all, and proves it checked them."""

import itertools

from tests.browser.audit_tools import fragment_document, listing, nu_errors
from tests.browser.audit_urls import not_walked
from tests.browser.audit_world import ANONYMOUS, fragments, pages, seed_world

HTMX = {"HX-Request": "true"}


def test_every_page_and_fragment_is_valid_html(
    db, client, django_capture_on_commit_callbacks, tmp_path
):
    # The demo's reports build on commit.
    world = seed_world(settle=lambda: django_capture_on_commit_callbacks(execute=True))
    documents: dict[str, str] = {}
    walked = set()
    for who, group in itertools.groupby(pages(world), key=lambda page: page.who):
        client.logout()
        if who != ANONYMOUS:
            client.force_login(world.people[who])
        for page in group:
            walked.add((page.name, page.who))
            if page.then:
                continue  # the same HTML; the fragment swapped in is checked below
            if page.form:
                data = dict(page.form) | {"_save": "Save"}
                response = client.post(page.path, data, follow=True)
            else:
                response = client.get(page.path, follow=True)
            assert response.status_code == page.status, f"{page.title}: {page.path}"
            html = response.content.decode()
            assert page.expect in html, f"{page.title}: {page.path}"
            documents[f"{page.title} {page.path}"] = html
    assert not_walked(walked) == []
    for fragment in fragments(world):
        client.force_login(world.people[fragment.who])
        if fragment.data is None:
            response = client.get(fragment.path, headers=HTMX)
        else:
            response = client.post(fragment.path, fragment.data, headers=HTMX)
        assert response.status_code == fragment.status, fragment.label
        title = f"{fragment.label} ({fragment.who})"
        documents[f"{title} {fragment.path}"] = fragment_document(title, response.content.decode())
    errors = nu_errors(documents, tmp_path)
    assert not errors, listing(errors)
