"""The console rates an answer on its anchors, by click or by key, and ticks the signals heard.

Ticking signals only hints at a level; the rating stays the interviewer's choice. Rating also
works without JavaScript, through the plain form and a POST/redirect/GET.
"""

import re

import pytest
from playwright.sync_api import expect

from interviews.rubrics import rubric_at
from tests.conftest import wait_for
from tests.interviews.builders import rating_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def anchor(page, level: int):
    return page.locator(f'form.anchors button[name="level"][value="{level}"]')


SAVED = re.compile(r"^Saved at \d\d:\d\d")


def test_clicking_an_anchor_rates_the_answer(console, interview, cast):
    anchor(console, 3).click()

    expect(anchor(console, 3)).to_have_attribute("aria-pressed", "true")
    expect(anchor(console, 2)).to_have_attribute("aria-pressed", "false")
    expect(console.locator("#status-level-1")).to_have_text(SAVED)
    expect(console.locator('[data-outline-state="1"]')).to_have_text("3")
    assert wait_for(lambda: rating_of(interview, cast.ada).level == 3)


def test_a_digit_key_rates_and_a_second_key_changes_the_rating(console, interview, cast):
    console.keyboard.press("2")
    expect(anchor(console, 2)).to_have_attribute("aria-pressed", "true")
    expect(console.locator("#status-level-1")).to_have_text(SAVED)
    assert wait_for(lambda: rating_of(interview, cast.ada).level == 2)

    console.keyboard.press("4")
    expect(anchor(console, 4)).to_have_attribute("aria-pressed", "true")
    expect(anchor(console, 2)).to_have_attribute("aria-pressed", "false")
    assert wait_for(lambda: rating_of(interview, cast.ada).level == 4)
    assert rating_of(interview, cast.ada).level_version == 2


def test_a_rating_is_shown_as_chosen_after_a_reload(console, interview, cast):
    console.keyboard.press("3")
    expect(console.locator("#status-level-1")).to_have_text(SAVED)
    console.reload()
    expect(anchor(console, 3)).to_have_attribute("aria-pressed", "true")
    expect(console.locator("#status-level-1")).to_have_text("Rated 3")


def test_signals_ticked_by_click_and_key_show_a_hint_but_leave_the_level_unset(
    console, interview, cast
):
    signals = rubric_at(interview.pk, 1).signals  # levels 2, 3, 4 on keys a, s, d
    hint = console.locator("[data-signal-hint]")
    expect(hint).to_have_text("")

    console.get_by_label(signals[1].text).check()
    expect(hint).to_have_text("The ticked signals point to level 3. The rating is yours to choose.")
    expect(console.locator("#status-signals-1")).to_have_text(SAVED)
    assert wait_for(lambda: rating_of(interview, cast.ada).signal_ids == [signals[1].id])

    console.keyboard.press("d")
    expect(console.get_by_label(signals[2].text)).to_be_checked()
    expect(hint).to_contain_text("point to level 4")
    expected = [signals[1].id, signals[2].id]
    assert wait_for(lambda: rating_of(interview, cast.ada).signal_ids == expected)

    for level in (1, 2, 3, 4):
        expect(anchor(console, level)).to_have_attribute("aria-pressed", "false")
    rating = rating_of(interview, cast.ada)
    assert rating.level is None
    assert not rating.skipped


def test_a_signal_key_pressed_again_unticks_it_and_the_hint_follows(console, interview, cast):
    signals = rubric_at(interview.pk, 1).signals
    hint = console.locator("[data-signal-hint]")
    console.keyboard.press("a")
    expect(hint).to_contain_text("point to level 2")
    console.keyboard.press("s")
    expect(hint).to_contain_text("point to level 3")
    console.keyboard.press("s")
    expect(console.get_by_label(signals[1].text)).not_to_be_checked()
    expect(hint).to_contain_text("point to level 2")
    console.keyboard.press("a")
    expect(hint).to_have_text("")
    # Quick presses may be coalesced into fewer writes; the last value is the one that counts.
    expect(console.locator("#status-signals-1")).to_have_text(SAVED)
    rating = rating_of(interview, cast.ada)
    assert rating.signal_ids == []
    assert rating.signals_version >= 1


def test_x_focuses_the_skip_reason_and_enter_skips_the_question(console, interview, cast):
    console.keyboard.press("1")
    expect(console.locator("#status-level-1")).to_have_text(SAVED)
    console.keyboard.press("x")
    reason = console.locator("#skip-reason-1")
    expect(reason).to_be_focused()
    console.keyboard.type("ran out of time")
    console.keyboard.press("Enter")

    expect(console.locator('[data-outline-state="1"]')).to_have_text("skipped")
    expect(anchor(console, 1)).to_have_attribute("aria-pressed", "false")
    assert wait_for(lambda: rating_of(interview, cast.ada).skipped)
    rating = rating_of(interview, cast.ada)
    assert (rating.level, rating.skip_reason) == (None, "ran out of time")


def test_without_javascript_an_anchor_button_rates_through_a_plain_post(
    chromium, live_server, login_in_browser, interview, cast
):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        login_in_browser(page, cast.ada)
        page.goto(f"/i/{interview.pk}/")

        with page.expect_navigation(url=re.compile(rf"/i/{interview.pk}/$")):
            anchor(page, 2).click()

        assert rating_of(interview, cast.ada).level == 2
        expect(anchor(page, 2)).to_have_attribute("aria-pressed", "true")
        expect(page.locator("#status-level-1")).to_have_text("Rated 2")
        expect(page.locator('[data-outline-state="1"]')).to_have_text("2")
    finally:
        context.close()


def test_without_javascript_signals_are_saved_with_their_button(
    chromium, live_server, login_in_browser, interview, cast
):
    signals = rubric_at(interview.pk, 1).signals
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        login_in_browser(page, cast.ada)
        page.goto(f"/i/{interview.pk}/")
        page.get_by_label(signals[0].text).check()
        with page.expect_navigation(url=re.compile(rf"/i/{interview.pk}/$")):
            page.get_by_role("button", name="Save signals").click()

        assert rating_of(interview, cast.ada).signal_ids == [signals[0].id]
        assert rating_of(interview, cast.ada).level is None
        expect(page.get_by_label(signals[0].text)).to_be_checked()
        expect(page.locator("[data-signal-hint]")).to_contain_text("point to level 2")
    finally:
        context.close()
