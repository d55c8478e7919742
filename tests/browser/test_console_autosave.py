"""What the console saves, it saves for good: notes autosave, nothing is lost while offline, and a
background refresh of the page never makes a later save look stale."""

import re

import pytest
from playwright.sync_api import expect

from interviews.rubrics import rubric_at
from tests.conftest import wait_for
from tests.interviews.builders import rating_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = re.compile(r"^Saved at \d\d:\d\d")
RETRYING = "Not saved, retrying"


def wait_for_presence_poll(page):
    """Wait until the every-5-seconds presence poll has swapped in a fresh panel list."""
    page.evaluate("document.getElementById('presence').dataset.stale = '1'")
    expect(page.locator("#presence:not([data-stale])")).to_be_attached(timeout=12_000)


def test_notes_autosave_after_a_pause_and_survive_a_reload(console, interview, cast):
    notes = console.locator("#notes-1")
    notes.click()
    console.keyboard.type("Knows the netpoller.\nMentions handoff on blocking syscalls.")
    expect(console.locator("#status-notes-1")).to_have_text(SAVED)
    expected = "Knows the netpoller.\nMentions handoff on blocking syscalls."
    assert wait_for(lambda: rating_of(interview, cast.ada).notes == expected)

    console.reload()
    expect(console.locator("#notes-1")).to_have_value(expected)
    expect(console.locator("#status-notes-1")).to_have_text("Saved")


def test_notes_typed_in_bursts_end_up_whole_in_the_database(console, interview, cast):
    console.keyboard.press("/")
    expect(console.locator("#notes-1")).to_be_focused()
    console.keyboard.type("first thought")
    expect(console.locator("#status-notes-1")).to_have_text(SAVED)
    console.keyboard.type("; second thought")
    expect(console.locator("#status-notes-1")).to_have_text("Typing…")
    expect(console.locator("#status-notes-1")).to_have_text(SAVED)
    assert wait_for(lambda: rating_of(interview, cast.ada).notes == "first thought; second thought")
    assert rating_of(interview, cast.ada).notes_version == 2


def test_going_offline_and_back_loses_nothing(console, interview, cast):
    signals = rubric_at(interview.pk, 1).signals
    console.context.set_offline(True)

    console.keyboard.press("3")
    expect(console.locator("#status-level-1")).to_have_text(RETRYING)
    console.keyboard.press("s")
    expect(console.locator("#status-signals-1")).to_have_text(RETRYING)
    console.keyboard.press("/")
    console.keyboard.type("Said it all while the Wi-Fi was down.")
    expect(console.locator("#status-notes-1")).to_have_text(RETRYING)

    # What the panelist did is still on screen, and nothing reached the server.
    expect(console.locator('button[name="level"][value="3"]')).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(console.get_by_label(signals[1].text)).to_be_checked()
    stored = rating_of(interview, cast.ada)
    assert (stored.level, stored.signal_ids, stored.notes) == (None, [], "")

    console.context.set_offline(False)

    for part in ("level", "signals", "notes"):
        expect(console.locator(f"#status-{part}-1")).to_have_text(SAVED)
    rating = rating_of(interview, cast.ada)
    assert rating.level == 3
    assert rating.signal_ids == [signals[1].id]
    assert rating.notes == "Said it all while the Wi-Fi was down."
    assert (rating.level_version, rating.signals_version, rating.notes_version) == (1, 1, 1)


def test_changes_made_while_offline_are_sent_as_their_latest_value(console, interview, cast):
    console.context.set_offline(True)
    console.keyboard.press("2")
    expect(console.locator("#status-level-1")).to_have_text(RETRYING)
    console.keyboard.press("4")
    console.keyboard.press("a")
    console.keyboard.press("a")  # ticked and unticked again
    expect(console.locator("#status-signals-1")).to_have_text(RETRYING)
    console.context.set_offline(False)

    expect(console.locator("#status-level-1")).to_have_text(SAVED)
    expect(console.locator("#status-signals-1")).to_have_text(SAVED)
    rating = rating_of(interview, cast.ada)
    assert rating.level == 4
    assert rating.signal_ids == []


def test_a_rating_changed_again_after_a_presence_refresh_is_not_taken_for_a_conflict(
    console, interview, cast
):
    console.keyboard.press("2")
    expect(console.locator("#status-level-1")).to_have_text(SAVED)
    console.reload()  # the page now renders the level form at version 1
    console.keyboard.press("3")
    expect(console.locator("#status-level-1")).to_have_text(SAVED)  # version 2
    wait_for_presence_poll(console)

    console.keyboard.press("4")

    expect(console.locator("#status-level-1")).to_have_text(SAVED)
    expect(console.locator("[data-conflict]")).to_have_count(0)
    assert wait_for(lambda: rating_of(interview, cast.ada).level == 4)
    assert rating_of(interview, cast.ada).level_version == 3


def test_notes_typed_just_before_moving_on_are_saved_with_the_next_questions(
    console, interview, cast
):
    console.locator("#notes-1").click()
    console.keyboard.type("Q1 final thought")
    console.keyboard.press("Escape")
    console.keyboard.press("n")
    expect(console.locator("#notes-2")).to_be_attached()
    console.locator("#notes-2").click()
    console.keyboard.type("Q2 note")
    expect(console.locator("#status-notes-2")).to_have_text(SAVED)
    assert wait_for(lambda: rating_of(interview, cast.ada, 1).notes == "Q1 final thought")
    assert rating_of(interview, cast.ada, 2).notes == "Q2 note"


def test_notes_count_as_unsaved_from_the_first_keystroke(console):
    """Leaving the page one keystroke into a note asks first (the browser's beforeunload prompt)."""
    console.locator("#notes-1").click()
    console.keyboard.type("x")
    prompts = []
    console.on("dialog", lambda dialog: (prompts.append(dialog.type), dialog.dismiss()))
    console.close(run_before_unload=True)
    console.wait_for_timeout(500)
    assert prompts == ["beforeunload"]


def test_a_note_typed_just_before_submitting_is_part_of_the_scorecard(console, interview, cast):
    console.keyboard.press("3")
    expect(console.locator("#status-level-1")).to_have_text(SAVED)
    console.get_by_label("Yes", exact=True).check()
    console.get_by_label("Senior", exact=True).check()
    console.locator("#notes-1").click()
    console.keyboard.type("Last-second observation")
    console.get_by_role("button", name="Submit scorecard").click()
    expect(console.get_by_text("Your scorecard (submitted")).to_be_visible()
    rating = rating_of(interview, cast.ada)
    assert rating.notes == "Last-second observation"
    assert rating.scorecard.submitted_at is not None


def test_a_lost_answer_followed_by_more_typing_is_not_a_conflict(console, interview, cast):
    """The server saves, the answer is lost on the way back, the panelist keeps typing: the retry
    must not look like a change made elsewhere."""
    calls = []

    def drop_first_answer(route):
        calls.append(route.request.post_data)
        if len(calls) == 1:
            route.fetch()  # the server handles it...
            route.abort()  # ...and the answer never arrives
        else:
            route.continue_()

    console.route("**/q/1/notes", drop_first_answer)
    console.locator("#notes-1").click()
    console.keyboard.type("first")
    expect(console.locator("#status-notes-1")).to_have_text(RETRYING)
    assert wait_for(lambda: rating_of(interview, cast.ada).notes == "first")
    console.keyboard.type(" second")
    expect(console.locator("#status-notes-1")).to_have_text(SAVED, timeout=10_000)
    expect(console.locator("[data-conflict]")).to_have_count(0)
    assert wait_for(lambda: rating_of(interview, cast.ada).notes == "first second")
