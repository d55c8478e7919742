"""The candidate's room and the shared pad in Chromium, on a real uvicorn with the Redis channel
layer and PostgreSQL: three people typing at once, the candidate following the lead, and the room
closing on a revoked link or an ended interview."""

import pytest

from interviews.rooms import services
from interviews.rooms.models import Pad
from interviews.rooms.selectors import pad_text
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


def test_three_people_typing_at_once_lose_nothing(people):
    pages = {"c": people.candidate, "a": people.ada, "g": people.grace}
    for page in pages.values():
        page.locator("[data-pad] .cm-content").click()
    for round_ in range(15):
        for mark, page in pages.items():
            page.keyboard.type(f"{mark}{round_:02d}", delay=20)
    texts = lambda: {mark: pad_of(page) for mark, page in pages.items()}  # noqa: E731
    wait_for(lambda: len(set(texts().values())) == 1, timeout=15)
    final = pad_of(people.candidate)
    for mark in pages:
        typed = [f"{mark}{round_:02d}" for round_ in range(15)]
        assert all(piece in final for piece in typed), (mark, final)
        assert [final.index(piece) for piece in typed] == sorted(final.index(p) for p in typed)
    pad = Pad.objects.get(room__interview=people.interview, position=1)
    wait_for(lambda: pad_text(pad) == final)


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
    assert people.candidate.goto(f"/room/{people.token}/").status == 404


def test_an_ended_interview_closes_the_room_and_freezes_the_pads(people):
    people.candidate.locator("[data-pad] .cm-content").click()
    people.candidate.keyboard.type("done")
    wait_for(lambda: pad_of(people.ada) == "done")
    people.ada.once("dialog", lambda dialog: dialog.accept())
    people.ada.get_by_text("Candidate's room link").click()
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
