"""Every page's HTML, as the server sends it, passes the Nu HTML checker (vnu.jar) with no error
but those about htmx's own hx-* attributes. The same pages as the axe audit
(tests/browser/audit_world.py), fetched through the test client; one JVM run checks them all."""

import itertools

from tests.browser.audit_tools import listing, nu_errors
from tests.browser.audit_world import ANONYMOUS, WALKED, pages, seed_world


def test_every_page_is_valid_html(db, client, django_capture_on_commit_callbacks, tmp_path):
    # The demo's reports build on commit.
    world = seed_world(settle=lambda: django_capture_on_commit_callbacks(execute=True))
    documents: dict[str, str] = {}
    walked = set()
    for who, group in itertools.groupby(pages(world), key=lambda page: page.who):
        client.logout()
        if who != ANONYMOUS:
            client.force_login(world.people[who])
        for page in group:
            if page.form:
                data = dict(page.form) | {"_save": "Save"}
                response = client.post(page.path, data, follow=True)
            else:
                response = client.get(page.path, follow=True)
            assert response.status_code == page.status, f"{page.title}: {page.path}"
            html = response.content.decode()
            assert page.expect in html, f"{page.title}: {page.path}"
            documents[f"{page.title} {page.path}"] = html
            walked.add(page.name)
    assert walked == WALKED
    errors = nu_errors(documents, tmp_path)
    assert not errors, listing(errors)
