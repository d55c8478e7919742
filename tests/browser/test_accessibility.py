"""Every page, as each person who reads it, passes axe-core with no serious or critical violation
(contrast, labels, landmarks, names, ARIA): the curator's pages and the admin we customise, Ada's
and Grace's consoles, the hiring manager's pages, and the candidate's room and feedback link.
The pages come from tests/browser/audit_world.py, which names every URL walked or why not."""

import itertools
import re

import pytest

from interviews.demo.seeding import DEMO_PASSWORD
from tests.browser.audit_tools import axe_violations, describe_axe, listing, node_packages
from tests.browser.audit_world import (
    ANONYMOUS,
    NOT_WALKED,
    ROOT,
    WALKED,
    pages,
    seed_world,
    url_names,
    why_not_walked,
)

pytestmark = pytest.mark.browser


def test_the_audit_walks_every_url_or_says_why_not():
    names = url_names()
    unaccounted = sorted(n for n in names - WALKED if why_not_walked(n) is None)
    assert unaccounted == [], "walk these pages or list them in NOT_WALKED with why"
    assert sorted(WALKED - names) == [], "WALKED names URLs that no longer exist"
    assert sorted(WALKED & set(NOT_WALKED)) == []


@pytest.fixture
def world(transactional_db):
    return seed_world()


def walk(chromium, base_url: str, world, visit) -> set[str]:
    """Open every page in Chromium, one browser context (one login) per person."""
    walked = set()
    for who, group in itertools.groupby(pages(world), key=lambda page: page.who):
        context = chromium.new_context(base_url=base_url, bypass_csp=True)
        context.set_default_timeout(15_000)
        tab = context.new_page()
        try:
            if who != ANONYMOUS:
                tab.goto("/login/")
                tab.get_by_label("Username").fill(who)
                tab.get_by_label("Password").fill(DEMO_PASSWORD)
                tab.get_by_role("button", name="Log in").click()
                tab.wait_for_url(lambda url: "/login/" not in url)
            for page in group:
                response = tab.goto(page.path)
                if page.form:
                    response = save(tab, page.form)
                assert response.status == page.status, f"{page.title}: {page.path}"
                assert page.expect in response.text(), f"{page.title}: {page.path}"
                tab.wait_for_load_state("networkidle")
                # The pad's editor (CodeMirror) is built once its socket has the text.
                if tab.locator("[data-pad]:visible").count():
                    tab.locator("[data-pad] .cm-content").wait_for()
                visit(page, tab)
                walked.add(page.name)
        finally:
            context.close()
    return walked


def save(tab, form):
    """Fill an admin form (a checkbox by its value, any other input by its name) and save it."""
    for name, value in form:
        box = tab.locator(f'input[type="checkbox"][name="{name}"][value="{value}"]')
        if box.count():
            box.check()
        else:
            tab.locator(f'[name="{name}"]').fill(value)
    with tab.expect_navigation() as navigation:
        tab.locator('input[name="_save"]').click()
    return navigation.value


def test_every_page_has_no_serious_or_critical_axe_violation(chromium, asgi_server, world):
    node_packages()
    found: dict[str, list[str]] = {}

    def audit(page, tab):
        violations = axe_violations(tab)
        if violations:
            found[f"{page.title} {page.path}"] = [describe_axe(rule) for rule in violations]

    walked = walk(chromium, asgi_server.url, world, audit)
    assert walked == WALKED
    assert not found, listing(found)


HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\b")


def luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_code_colour_reaches_wcag_aa_on_the_code_background():
    """Every token colour of static/css/highlight.css, not only those the seeded questions
    happen to use, reads at 4.5:1 against the code block's background (or its own)."""
    css = (ROOT / "static" / "css" / "highlight.css").read_text()
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", css)
    background = next(
        HEX.search(body)[0] for selector, body in rules if selector.strip() == ".highlight"
    )
    weak = []
    for selector, body in rules:
        colour = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]+)", body)
        if not colour:
            continue
        behind = re.search(r"background(?:-color)?:\s*(#[0-9a-fA-F]+)", body)
        ratio = contrast(colour[1], behind[1] if behind else background)
        if ratio < 4.5:
            weak.append(f"{selector.strip()}: {colour[1]} at {ratio:.2f}:1")
    assert weak == []
