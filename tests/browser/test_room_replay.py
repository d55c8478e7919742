"""The replay player in Chromium: it plays a pad back, scrubs, changes speed, says who typed and
marks pastes."""

import pytest

from interviews.rooms import pads, services
from interviews.rooms.models import Pad, PadUpdate
from tests.conftest import wait_for

pytestmark = pytest.mark.browser


def append(pad, doc, text, *, kind="candidate", label="Candidate", author=None, pasted=False):
    services.pad_append(
        pad_id=pad.pk,
        update=pads.insertion(doc, text),
        author_kind=kind,
        author_id=author and author.pk,
        label=label,
        pasted=pasted,
    )


def test_it_plays_scrubs_and_marks_pastes(browser_page, login_in_browser, cast, interview):
    room, _ = services.room_for_interview(interview=interview)
    pad, _ = Pad.objects.get_or_create(room=room, position=1)
    doc = pads.new_doc()
    append(pad, doc, "typed ")
    append(pad, doc, "<b>pasted</b> ", pasted=True)
    append(pad, doc, "by Ada", kind=PadUpdate.Author.PANELIST, label="Ada", author=cast.ada)
    login_in_browser(browser_page, cast.manager)
    browser_page.goto(f"/i/{interview.pk}/replay")
    text = browser_page.locator("[data-replay-text]")
    assert text.inner_text() == "typed <b>pasted</b> by Ada"  # as text, not HTML
    assert browser_page.locator("[data-replay-text] b").count() == 0
    assert "pasted by Candidate" in browser_page.locator("[data-replay-pastes]").inner_text()
    browser_page.locator("[data-replay-scrub]").fill("1")
    assert text.inner_text() == "typed "
    assert browser_page.locator("[data-replay-now]").inner_text() == "Candidate typed"
    browser_page.locator("[data-replay-speed]").select_option("16")
    browser_page.get_by_role("button", name="Play").click()
    wait_for(lambda: text.inner_text() == "typed <b>pasted</b> by Ada")
    assert browser_page.locator("[data-replay-now]").inner_text() == "Ada typed"
    assert browser_page.locator(".replay-pasted").inner_text() == "<b>pasted</b> "


def test_each_author_has_a_colour_and_a_key_to_it(browser_page, login_in_browser, cast, interview):
    room, _ = services.room_for_interview(interview=interview)
    pad, _ = Pad.objects.get_or_create(room=room, position=1)
    doc = pads.new_doc()
    append(pad, doc, "func main() ")
    append(pad, doc, "{}", kind=PadUpdate.Author.PANELIST, label="Ada", author=cast.ada)
    login_in_browser(browser_page, cast.manager)
    browser_page.goto(f"/i/{interview.pk}/replay")
    legend = browser_page.locator("[data-replay-legend] li")
    assert legend.all_inner_texts() == ["Candidate", "Ada"]

    def underline(locator):
        return locator.evaluate("el => getComputedStyle(el).borderBottomColor")

    spans = browser_page.locator("[data-replay-text] .replay-by")
    candidate, ada = underline(spans.nth(0)), underline(spans.nth(1))
    assert candidate != ada
    assert underline(legend.nth(0).locator(".replay-by")) == candidate
    assert underline(legend.nth(1).locator(".replay-by")) == ada
