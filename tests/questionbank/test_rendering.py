"""Markdown in questions renders safely: no link that a browser would read as another site
without saying so, and no class but the code highlighter's."""

import re

import pytest

from questionbank.rendering import off_site, render_markdown


@pytest.mark.parametrize(
    "href",
    [
        "//evil.example/login",
        "\\\\evil.example/login",
        "/\\evil.example/login",
        "\\/evil.example/login",
        " //evil.example/login",
        "\n//evil.example",
    ],
)
def test_scheme_relative_and_other_off_site_relative_links_are_refused(href):
    html = render_markdown(f'<a href="{href}">our login page</a>')
    assert "evil.example" not in html
    assert "our login page" in html


@pytest.mark.parametrize("href", ["/\t/evil.example", "\r\n//evil.example", "\x00//evil.example"])
def test_what_a_browser_ignores_in_a_url_does_not_hide_another_site(href):
    assert off_site(href)


@pytest.mark.parametrize(
    "href",
    ["/questions/", "questions/gc/", "#anchors", "https://go.dev/doc/gc-guide", "mailto:a@b.c"],
)
def test_on_site_and_explicit_links_are_kept(href):
    assert f'href="{href}"' in render_markdown(f"[see]({href})")


def test_javascript_links_stay_refused():
    assert "javascript" not in render_markdown("[x](javascript:alert(1))")


def test_classes_that_could_imitate_the_apps_banners_are_dropped():
    html = render_markdown(
        '<div class="messages message message-error">Your session expired</div>'
        '<span class="badge badge-ok form-error">verified</span>'
    )
    assert not re.search(r'class="[^"]+"', html)
    assert "Your session expired" in html


def test_code_is_still_highlighted():
    html = render_markdown("```go\nfunc main() {}\n```")
    assert '<div class="highlight">' in html
    assert '<span class="kd">func</span>' in html
