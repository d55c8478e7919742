"""Moving between questions with n and p keeps what was rated; ? shows the shortcuts, Escape
hides them; / and x focus the notes and the skip reason."""

import re

import pytest
from playwright.sync_api import expect

from interviews.models import Interview, Panelist, Rating
from tests.conftest import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = re.compile(r"^Saved at \d\d:\d\d")


def outline_state(page, position: int):
    return page.locator(f'[data-outline-state="{position}"]')


def on_question(page, position: int) -> None:
    expect(page.locator("#workspace")).to_have_attribute("data-position", str(position))
    expect(page.locator("#question-title")).to_have_text(re.compile(rf"^Question {position} of"))


def test_n_and_p_move_between_questions_and_keep_the_outline_state(console, interview, cast):
    console.keyboard.press("3")
    expect(console.locator("#status-level-1")).to_have_text(SAVED)

    console.keyboard.press("n")
    on_question(console, 2)
    expect(outline_state(console, 1)).to_have_text("3")
    expect(console.locator(".outline-item.current")).to_contain_text("Question 2 of")

    console.keyboard.press("x")
    console.keyboard.type("covered by question 1")
    console.keyboard.press("Enter")
    expect(console.locator("#status-level-2")).to_have_text(SAVED)
    console.keyboard.press("Escape")  # leave the reason field, so that keys are shortcuts again

    console.keyboard.press("n")
    on_question(console, 3)
    expect(outline_state(console, 1)).to_have_text("3")
    expect(outline_state(console, 2)).to_have_text("skipped")
    expect(outline_state(console, 3)).to_have_text("·")
    expect(console.locator(".outline-progress")).to_have_text("2 of 3 settled")
    console.keyboard.press("n")  # no next question: nothing happens
    on_question(console, 3)

    console.keyboard.press("p")
    on_question(console, 2)
    console.keyboard.press("p")
    on_question(console, 1)
    expect(console.locator('button[name="level"][value="3"]')).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(console.locator("#status-level-1")).to_have_text("Rated 3")
    expect(outline_state(console, 2)).to_have_text("skipped")

    panelist = Panelist.objects.get(interview=interview, user=cast.ada)
    assert panelist.current_position == 1
    ratings = Rating.objects.filter(scorecard__interviewer=cast.ada, scorecard__interview=interview)
    opened = ratings.filter(opened_at__isnull=False).count()
    assert opened == 3


def test_ratings_on_a_question_reached_by_n_are_saved_for_that_question(console, interview, cast):
    console.keyboard.press("n")
    on_question(console, 2)
    console.keyboard.press("4")
    expect(console.locator("#status-level-2")).to_have_text(SAVED)
    console.keyboard.press("/")
    console.keyboard.type("Second question notes")
    expect(console.locator("#status-notes-2")).to_have_text(SAVED)

    def rating(position):
        return Rating.objects.get(
            scorecard__interviewer=cast.ada,
            scorecard__interview=interview,
            interview_question__position=position,
        )

    assert wait_for(lambda: rating(2).level == 4)
    assert rating(2).notes == "Second question notes"
    assert (rating(1).level, rating(1).notes) == (None, "")


def test_the_outline_moves_to_a_question_by_click(console):
    console.locator(".outline-button", has_text="Question 3 of").click()
    on_question(console, 3)
    expect(console.locator(".outline-button[aria-current=step]")).to_contain_text("Question 3")


def test_question_mark_opens_the_shortcuts_and_escape_closes_them(console):
    dialog = console.locator("dialog#shortcuts")
    expect(dialog).to_be_hidden()

    console.keyboard.press("?")
    expect(dialog).to_be_visible()
    expect(dialog).to_have_attribute("open", "")
    expect(dialog.get_by_role("heading", name="Keyboard shortcuts")).to_be_visible()

    console.keyboard.press("2")  # keys do not rate behind the open dialog
    expect(console.locator('button[name="level"][value="2"]')).to_have_attribute(
        "aria-pressed", "false"
    )

    console.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_the_shortcuts_link_opens_the_overlay_and_its_button_closes_it(console):
    dialog = console.locator("dialog#shortcuts")
    console.get_by_role("link", name="Shortcuts").click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()


def test_slash_focuses_the_notes_and_escape_gives_the_keys_back(console, interview, cast):
    console.keyboard.press("/")
    notes = console.locator("#notes-1")
    expect(notes).to_be_focused()
    console.keyboard.type("n3")  # typed as text, not taken as shortcuts
    expect(notes).to_have_value("n3")
    on_question(console, 1)

    console.keyboard.press("Escape")
    expect(notes).not_to_be_focused()
    console.keyboard.press("2")
    expect(console.locator('button[name="level"][value="2"]')).to_have_attribute(
        "aria-pressed", "true"
    )


def test_a_move_the_server_refuses_is_explained_and_the_question_stays(console, interview):
    Interview.objects.filter(pk=interview.pk).update(state=Interview.State.CANCELLED)

    console.keyboard.press("n")

    expect(console.locator("#problems")).to_have_text("The interview is not live.")
    on_question(console, 1)
