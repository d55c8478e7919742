"""The candidate's room and the shared pad in Chromium, on a real uvicorn with the Redis channel
layer and PostgreSQL: the candidate and the lead typing into one line at the same time while the
second panelist watches, the candidate following the lead, and the room closing on a revoked link
or an ended interview."""

import itertools
import string
from types import SimpleNamespace

import pytest

from interviews.rooms import services
from interviews.rooms.models import Pad
from interviews.rooms.selectors import pad_text
from tests.browser.typists import TEXTS, TypistsBrowser
from tests.conftest import wait_for

pytestmark = pytest.mark.browser


@pytest.fixture
def people(chromium, asgi_server, cast, interview, login_in_browser_at):
    """The candidate in a private context, Ada (lead) and Grace in their consoles."""
    _, token = services.room_for_interview(interview=interview)
    contexts = []

    def context():
        made = chromium.new_context(base_url=asgi_server.url)
        made.set_default_timeout(10_000)
        contexts.append(made)
        return made.new_page()

    candidate = context()
    candidate.goto(f"/room/{token}/")
    ada = login_in_browser_at(context(), cast.ada)
    ada.goto(f"/i/{interview.pk}/")
    grace = login_in_browser_at(context(), cast.grace)
    grace.goto(f"/i/{interview.pk}/")
    for page in (candidate, ada, grace):
        page.locator("[data-pad] .cm-content").wait_for()
    yield type(
        "People",
        (),
        {
            "candidate": candidate,
            "ada": ada,
            "grace": grace,
            "token": token,
            "interview": interview,
        },
    )
    for made in contexts:
        made.close()


@pytest.fixture
def login_in_browser_at():
    def login(page, user):
        from tests.factories import PASSWORD

        page.goto("/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda url: "/login/" not in url)
        return page

    return login


def pad_of(page) -> str:
    return page.evaluate("() => window.loupeRoom.pad.text.toString()")


def test_the_candidates_keystrokes_appear_in_both_consoles(people):
    editor = people.candidate.locator("[data-pad] .cm-content")
    editor.click()
    people.candidate.keyboard.type("func main() {}")
    for page in (people.ada, people.grace):
        wait_for(lambda page=page: pad_of(page) == "func main() {}", timeout=10)
    wait_for(lambda: people.candidate.locator("[data-pad-saved]").inner_text() == "saved")
    pad = Pad.objects.get(room__interview=people.interview, position=1)
    assert pad_text(pad) == "func main() {}"


# The line both type into. Neither it nor anything else in the pad has a lowercase letter or a
# digit (the candidate types only letters, the lead only digits), nor a space (Chromium's
# contenteditable turns one typed at the end of a line into U+00A0 under Playwright's keyboard).
SHARED_LINE = "SHARED-LINE:"
LETTERS, DIGITS = ["abcdefghijklm", "nopqrstuvwxyz"], ["0123456789"]


@pytest.fixture
def typists(chromium, asgi_server, cast, interview, login_in_browser_at):
    """The candidate and Ada (lead) in a Chromium of their own, so both can type at the same
    time (tests/browser/typists.py); Grace watches from the session's Chromium."""
    _, token = services.room_for_interview(interview=interview)
    side = TypistsBrowser(asgi_server.url)
    grace_context = chromium.new_context(base_url=asgi_server.url)
    grace_context.set_default_timeout(10_000)
    try:
        candidate = side.open(f"/room/{token}/")
        ada = side.open(f"/i/{interview.pk}/", username=cast.ada.username)
        grace = login_in_browser_at(grace_context.new_page(), cast.grace)
        grace.goto(f"/i/{interview.pk}/")
        grace.locator("[data-pad] .cm-content").wait_for()
        yield SimpleNamespace(side=side, candidate=candidate, ada=ada, grace=grace)
    finally:
        grace_context.close()
        side.close()


def test_candidate_and_lead_typing_into_one_line_at_once_for_10_s_lose_nothing(typists, interview):
    side, candidate, ada, grace = typists.side, typists.candidate, typists.ada, typists.grace

    def texts() -> list[str]:
        """Each one's editor and Yjs text: the candidate's, Ada's, Grace's."""
        return [*side.texts(candidate), *side.texts(ada), *grace.evaluate(TEXTS)]

    side.type(candidate, SHARED_LINE)
    wait_for(lambda: set(texts()) == {SHARED_LINE})
    for page in (candidate, ada):
        side.press(page, "End")  # both cursors at the end of the one line
    typed = side.type_at_once({candidate: LETTERS, ada: DIGITS}, seconds=10)
    by_candidate, by_ada = typed[candidate], typed[ada]

    # At the same time: for most of the 10 s, and key between key. Typing in turns, a chunk of 10
    # to 13 keys each, switches typist about once in 12 keys (17 switches in 207 keys when tried),
    # far under half the slower typist's keys; typing at the same time switches nearly every key.
    for one in typed.values():
        assert len(one.key_times) == len(one.text) > 100
    overlap = min(one.key_times[-1] for one in typed.values()) - max(
        one.key_times[0] for one in typed.values()
    )
    assert overlap >= 9_000, overlap
    keys = sorted(
        [(at, "candidate") for at in by_candidate.key_times]
        + [(at, "ada") for at in by_ada.key_times]
    )
    switches = sum(1 for one, two in itertools.pairwise(keys) if one[1] != two[1])
    assert switches >= min(len(by_candidate.text), len(by_ada.text)) / 2, switches

    wait_for(lambda: len(set(texts())) == 1, timeout=30)
    final = texts()[0]
    assert final.startswith(SHARED_LINE) and "\n" not in final, final
    typed_after = final.removeprefix(SHARED_LINE)
    assert set(typed_after) <= set(string.ascii_lowercase + string.digits), final
    # Every key each one typed, in each one's order, none missing and none added.
    assert "".join(c for c in typed_after if c.islower()) == by_candidate.text
    assert "".join(c for c in typed_after if c.isdigit()) == by_ada.text
    # Stored before it was relayed: what all three show is already in PostgreSQL.
    assert pad_text(Pad.objects.get(room__interview=interview, position=1)) == final
    for page in (candidate, ada):
        wait_for(lambda page=page: side.saved(page) == "saved")


def test_the_candidate_follows_the_lead_without_a_reload(people):
    people.candidate.evaluate("() => { window.notReloaded = true; }")
    people.ada.get_by_role("button", name="Next").click()
    people.candidate.get_by_text("Question 2 of 3", exact=False).wait_for(timeout=1500)
    assert people.candidate.locator("#question-title").inner_text() == "Question 2 of go-kit"
    assert people.candidate.evaluate("() => window.notReloaded") is True


def test_a_revoked_link_closes_the_room(people, client, cast):
    client.force_login(cast.ada)
    client.post(f"/i/{people.interview.pk}/room/regenerate")
    wait_for(
        lambda: (
            people.candidate.evaluate("() => document.querySelector('#room').dataset.connection")
            == "closed"
        )
    )
    # Nothing typed from now on could be stored: the pad freezes and says why, in view.
    problem = people.candidate.locator("[data-pad-problem]")
    problem.wait_for()
    assert "Ask your interviewer for the new link" in problem.inner_text()
    editable = people.candidate.locator("[data-pad] .cm-content").get_attribute("contenteditable")
    assert editable == "false"
    assert people.candidate.goto(f"/room/{people.token}/").status == 404


def test_an_ended_interview_closes_the_room_and_freezes_the_pads(people):
    people.candidate.locator("[data-pad] .cm-content").click()
    people.candidate.keyboard.type("done")
    wait_for(lambda: pad_of(people.ada) == "done")
    people.ada.once("dialog", lambda dialog: dialog.accept())
    people.ada.get_by_text("Candidate's room link").click()
    # It asks first: the button that ends it is behind "End interview…".
    people.ada.get_by_text("End interview…").click()
    people.ada.get_by_role("button", name="End interview").click()
    people.candidate.get_by_text("The interview is over").wait_for()
    pad = Pad.objects.get(room__interview=people.interview, position=1)
    assert pad.final_text == "done"


def test_no_log_line_of_the_asgi_server_carries_the_token(people, asgi_server):
    people.candidate.reload()
    people.candidate.locator("[data-pad] .cm-content").wait_for()
    log = asgi_server.log.read_text()
    assert "GET /room/[redacted]/" in log
    assert people.token not in log


def test_the_lobby_turns_into_the_question_when_the_interview_starts(chromium, asgi_server, cast):
    from tests.interviews.builders import make_interview

    interview = make_interview([cast.ada, cast.grace], start=False)
    _, token = services.room_for_interview(interview=interview)
    context = chromium.new_context(base_url=asgi_server.url)
    page = context.new_page()
    page.goto(f"/room/{token}/")
    page.get_by_text("Waiting for the panel").first.wait_for()
    page.locator("#scratch").fill("my own notes")
    from interviews.services import interview_start

    interview_start(interview=interview)
    page.locator("#question-title").get_by_text("Question 1 of go-kit").wait_for()
    assert page.locator("#lobby").is_hidden()
    page.reload()  # the scratch pad stays in this browser only
    assert Pad.objects.filter(room__interview=interview).exclude(updates=None).count() == 0
    context.close()
