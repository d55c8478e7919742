"""Every page, as each person who reads it, passes axe-core with no serious or critical violation
(contrast, labels, landmarks, names, ARIA): the curator's pages and the admin we customise, Ada's
and Grace's consoles, the hiring manager's pages, and the candidate's room and feedback link;
some after an htmx fragment was swapped in (a refusal in the console, the report's status poll).
The pages come from tests/browser/audit_world.py; tests/browser/audit_urls.py names every URL
walked or why not, and every reader a page is walked as."""

import itertools
import re

import pytest
from django.db.models import F

from interviews.demo.seeding import DEMO_PASSWORD
from interviews.models import Interview, Rating
from tests.browser.audit_tools import axe_violations, describe_axe, listing, node_packages
from tests.browser.audit_urls import not_walked
from tests.browser.audit_world import ANONYMOUS, ROOT, pages, seed_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    return seed_world()


def conflict(tab, world) -> None:
    """Ada's rating of the question she is on changes in another tab; she rates it here."""
    position = int(tab.locator("#workspace").get_attribute("data-position"))
    Rating.objects.filter(
        scorecard__interview=world.live,
        scorecard__interviewer__username="ada",
        interview_question__position=position,
    ).update(level=4, level_version=F("level_version") + 1)
    tab.keyboard.press("2")
    tab.locator(f"#conflicts-{position} [data-conflict]").wait_for()


def problem(tab, world) -> None:
    """Grace rates while the interview is (briefly) cancelled: the refusal's explanation."""
    Interview.objects.filter(pk=world.live.pk).update(state=Interview.State.CANCELLED)
    try:
        tab.keyboard.press("3")
        tab.locator("#problems > *").first.wait_for()
    finally:
        Interview.objects.filter(pk=world.live.pk).update(state=Interview.State.LIVE)


def poll(tab, world) -> None:
    """The report's next status poll, swapped in."""
    with tab.expect_response(lambda response: response.request.headers.get("hx-request")):
        pass
    tab.wait_for_function("() => !document.querySelector('.htmx-swapping, .htmx-settling')")


# What the browser does before the audit on a page with `then` (audit_world.Page).
ACTIONS = {"conflict": conflict, "problem": problem, "poll": poll}


def walk(chromium, base_url: str, world, visit) -> set[tuple[str, str]]:
    """Open every page in Chromium, one browser context (one login) per person; what was walked
    as (URL name, reader)."""
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
                if page.then:
                    ACTIONS[page.then](tab, world)
                visit(page, tab)
                walked.add((page.name, page.who))
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
    assert not_walked(walked) == []
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
