"""In the browser, ticking a bonus signal (version trivia) leaves the suggested level alone: the
console's script applies the same rule as the page it reloads (tests/interviews/test_signal_hint).
"""

import pytest
from playwright.sync_api import expect

from tests.interviews.builders import make_interview, make_kit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIGNALS = [
    (2, "Names the local run queue."),
    (4, "Bonus: knows the goroutineleak profile (generally available in Go 1.27)."),
]


@pytest.fixture
def interview(cast):
    return make_interview([cast.ada, cast.grace], kit=make_kit(signals=SIGNALS))


def test_a_bonus_signal_never_raises_the_suggested_level(console):
    hint = console.locator("[data-signal-hint]")
    console.keyboard.press("s")  # the bonus signal
    expect(console.get_by_label(SIGNALS[1][1])).to_be_checked()
    expect(hint).to_have_text("")
    console.keyboard.press("a")
    expect(hint).to_have_text("The ticked signals point to level 2. The rating is yours to choose.")
