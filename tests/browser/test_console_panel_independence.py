"""Scorecards are independent: a panelist sees the others' ratings and notes only after submitting
their own, and submitting happens on the console page itself."""

import re

import pytest
from playwright.sync_api import expect

from interviews.models import Interview, Scorecard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = re.compile(r"^Saved at \d\d:\d\d")
ADA_NOTE = "Ada: explained work stealing versus handoff"
GRACE_NOTE = "Grace: unsure about GOMAXPROCS in containers"


@pytest.fixture
def open_console(chromium, live_server, login_in_browser, interview):
    """Open a panelist's console in a browser context of its own (own cookies, own session)."""
    contexts = []

    def open_as(user):
        context = chromium.new_context(base_url=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        login_in_browser(page, user)
        page.goto(f"/i/{interview.pk}/")
        return page

    yield open_as
    for context in contexts:
        context.close()


def rate_and_note(page, level: str, note: str) -> None:
    page.keyboard.press(level)
    expect(page.locator("#status-level-1")).to_have_text(SAVED)
    page.keyboard.press("/")
    page.keyboard.type(note)
    expect(page.locator("#status-notes-1")).to_have_text(SAVED)


def submit(page, recommendation: str, level: str) -> None:
    panel = page.locator("#submit-panel")
    panel.get_by_role("radio", name=recommendation, exact=True).check()
    panel.get_by_role("radio", name=level, exact=True).check()
    panel.get_by_label("Summary").fill(f"{recommendation}, {level}.")
    panel.get_by_role("button", name="Submit scorecard").click()
    expect(page.locator("#submit-title")).to_have_text(re.compile(r"^Your scorecard \(submitted"))


def test_panelists_see_each_others_notes_only_after_both_have_submitted(
    open_console, interview, cast
):
    ada = open_console(cast.ada)
    grace = open_console(cast.grace)
    rate_and_note(ada, "3", ADA_NOTE)
    rate_and_note(grace, "2", GRACE_NOTE)

    for page in (ada, grace):
        page.reload()
    expect(ada.locator("#notes-1")).to_have_value(ADA_NOTE)
    expect(grace.locator("#notes-1")).to_have_value(GRACE_NOTE)
    assert GRACE_NOTE not in ada.content()
    assert ADA_NOTE not in grace.content()
    expect(ada.locator(".others")).to_have_count(0)

    submit(ada, "Yes", "Senior")
    expect(ada.get_by_role("status").filter(has_text="Scorecard submitted")).to_be_visible()
    others = ada.locator(".others")
    expect(others).to_contain_text("Grace")
    expect(others).to_contain_text("still scoring")
    assert GRACE_NOTE not in ada.content()
    # Ada's scorecard is locked: the controls are disabled and the keys no longer rate.
    expect(ada.locator('button[name="level"][value="4"]')).to_be_disabled()
    expect(ada.locator("#notes-1")).to_be_disabled()

    grace.reload()
    expect(grace.locator("#presence")).to_contain_text("submitted")
    assert ADA_NOTE not in grace.content()
    expect(grace.locator(".others")).to_have_count(0)

    submit(grace, "Strong no", "Mid-level")
    grace_others = grace.locator(".others")
    expect(grace_others).to_contain_text(ADA_NOTE)
    expect(grace_others).to_contain_text("Yes · Senior")

    ada.reload()
    ada_others = ada.locator(".others")
    expect(ada_others).to_contain_text(GRACE_NOTE)
    expect(ada_others).to_contain_text("Strong no · Mid-level")

    interview.refresh_from_db()
    assert interview.state == Interview.State.COMPLETED
    cards = Scorecard.objects.filter(interview=interview).order_by("interviewer__username")
    assert [(c.recommendation, c.level) for c in cards] == [
        ("yes", "senior"),
        ("strong_no", "mid"),
    ]


def test_an_incomplete_scorecard_is_not_submitted_and_the_page_says_what_is_missing(
    open_console, interview, cast
):
    ada = open_console(cast.ada)
    ada.locator("#submit-panel").get_by_role("button", name="Submit scorecard").click()

    problems = ada.locator("#submit-panel [role=alert]")
    expect(problems).to_contain_text("Not submitted yet")
    expect(problems).to_contain_text("rate it or skip it with a reason")
    expect(problems).to_contain_text("Choose an overall recommendation")
    expect(problems).to_contain_text("Choose a level")
    assert Scorecard.objects.get(interview=interview, interviewer=cast.ada).submitted_at is None

    ada.keyboard.press("2")
    expect(ada.locator("#status-level-1")).to_have_text(SAVED)
    submit(ada, "No", "Mid-level")
    card = Scorecard.objects.get(interview=interview, interviewer=cast.ada)
    assert card.submitted_at is not None
    assert (card.recommendation, card.level, card.summary) == ("no", "mid", "No, Mid-level.")
