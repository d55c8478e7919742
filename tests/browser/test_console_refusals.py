"""A save the server refuses lands where the server says (docs/htmx.md): a conflict next to its
question, waiting for the panelist; any other refusal in the console's problems area. The script
reads the status and the HX-* headers, never the HTML, and checks no input itself. What htmx
does not swap (a 404 to a navigation) is said in the page's live region
(static/js/request-problem.js)."""

import re

import pytest
from playwright.sync_api import expect

from interviews.models import Interview, Rating, Scorecard
from tests.conftest import wait_for
from tests.interviews.builders import rating_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = re.compile(r"^Saved at \d\d:\d\d")


def changed_in_another_tab(interview, user, level: int) -> None:
    Rating.objects.filter(
        scorecard__interview=interview, scorecard__interviewer=user, interview_question__position=1
    ).update(level=level, level_version=1)


def test_a_rating_changed_in_another_tab_shows_both_values_and_keeping_mine_saves_it(
    console, interview, cast
):
    changed_in_another_tab(interview, cast.ada, 4)

    console.keyboard.press("2")

    conflict = console.locator("#conflicts-1 [data-conflict=level]")
    expect(conflict).to_be_visible()
    expect(conflict.locator(".conflict-yours")).to_have_text("2")
    expect(conflict.locator(".conflict-stored")).to_have_text("4")
    expect(console.locator("#status-level-1")).to_have_text("Not saved: changed elsewhere")
    expect(console.locator("#problems")).to_be_empty()
    assert rating_of(interview, cast.ada).level == 4  # held, not retried over the other tab

    conflict.get_by_role("button", name="Keep mine").click()

    expect(console.locator("#status-level-1")).to_have_text(SAVED)
    expect(console.locator("#conflicts-1")).to_be_empty()
    assert wait_for(lambda: rating_of(interview, cast.ada).level == 2)


def test_a_save_refused_for_another_reason_is_explained_in_the_problems_area(
    console, interview, cast
):
    Interview.objects.filter(pk=interview.pk).update(state=Interview.State.CANCELLED)

    console.keyboard.press("3")

    expect(console.locator("#problems")).to_have_text(
        "The interview is cancelled; it takes no more ratings."
    )
    expect(console.locator("#status-level-1")).to_have_text("Not saved")
    expect(console.locator("#conflicts-1")).to_be_empty()
    assert rating_of(interview, cast.ada).level is None


def test_a_skip_without_a_reason_is_refused_by_the_server_and_keeps_the_rating(
    console, interview, cast
):
    console.keyboard.press("3")
    expect(console.locator("#status-level-1")).to_have_text(SAVED)
    console.keyboard.press("x")
    console.keyboard.press("Enter")  # an empty reason: sent, and the server answers 422

    expect(console.locator("#problems")).to_have_text("reason: a skipped question needs a reason")
    expect(console.locator("#status-level-1")).to_have_text("Not saved")
    level_3 = console.locator('form.anchors button[name="level"][value="3"]')
    expect(level_3).to_have_attribute("aria-pressed", "true")
    expect(console.locator('[data-outline-state="1"]')).to_have_text("3")
    rating = rating_of(interview, cast.ada)
    assert (rating.level, rating.skipped) == (3, False)


def test_a_navigation_htmx_does_not_swap_is_said_in_the_live_region(console, interview, cast):
    expect(console.locator("#request-problem")).to_be_empty()
    # Ada is taken off the panel while her console is open: her next navigation is a 404.
    Scorecard.objects.filter(interview=interview, interviewer=cast.ada).delete()

    console.keyboard.press("n")

    problem = console.locator("#request-problem")
    expect(problem).to_have_attribute("role", "alert")
    expect(problem).to_contain_text("404")
    expect(console.locator("#workspace")).to_have_attribute("data-position", "1")  # not swapped


def test_a_refused_form_swaps_in_without_breaking_the_content_security_policy(console):
    refused = []
    console.on(
        "console",
        lambda message: "Content Security Policy" in message.text and refused.append(message.text),
    )
    console.get_by_role("button", name="Submit scorecard").click()
    expect(console.locator("#submit-panel .form-error")).to_contain_text("Not submitted yet")
    assert refused == []
