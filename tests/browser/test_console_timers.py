"""The timers run from server timestamps: a reload, a navigation or the presence poll never sets
them back."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLOCK = re.compile(r"^\d+:\d\d$")


def question_timer(page):
    return page.locator("#workspace [data-timer] [data-timer-value]")


def total_timer(page):
    return page.locator(".timer-total [data-timer-value]")


def seconds(timer) -> int:
    """The m:ss a timer shows, once the script has formatted it, in seconds."""
    expect(timer).to_have_text(CLOCK)
    minutes, secs = timer.text_content().split(":")
    return int(minutes) * 60 + int(secs)


def wait_until_past(timer, at_least: int) -> int:
    return wait_for(lambda: (value := seconds(timer)) >= at_least and value)


def test_the_question_and_total_timers_survive_a_reload(console):
    question = wait_until_past(question_timer(console), seconds(question_timer(console)) + 2)
    total = seconds(total_timer(console))
    assert question >= 2

    console.reload()

    assert seconds(question_timer(console)) >= question
    assert seconds(total_timer(console)) >= total


def test_the_timers_keep_counting_through_the_presence_poll(console):
    before = wait_until_past(question_timer(console), 2)
    total_before = seconds(total_timer(console))
    console.evaluate("document.getElementById('presence').dataset.stale = '1'")
    expect(console.locator("#presence:not([data-stale])")).to_be_attached(timeout=12_000)
    # A poll swapped the panel list in; the timers rendered with the page must keep counting
    # from where they were, not restart from their first value.
    assert seconds(question_timer(console)) >= before
    assert seconds(total_timer(console)) >= total_before


def test_the_total_timer_keeps_running_across_questions(console):
    total = wait_until_past(total_timer(console), seconds(total_timer(console)) + 2)
    console.keyboard.press("n")
    expect(console.locator("#workspace")).to_have_attribute("data-position", "2")

    assert seconds(total_timer(console)) >= total
    # The question timer is the new question's own: it starts again from (about) nothing.
    assert seconds(question_timer(console)) <= 1
