"""The room link: derived, shown to the lead and hiring managers, revocable, open only in its
window, rate-limited, and private."""

import hashlib
from datetime import timedelta

from django.utils import timezone

from interviews.models import Interview
from interviews.rooms.models import Room
from interviews.rooms.tokens import room_token
from interviews.services import interview_cancel
from tests.interviews.builders import make_interview


def test_the_lead_sees_the_link_and_nothing_stored_rebuilds_it(client, cast, room_link):
    room, token, path = room_link
    client.force_login(cast.ada)
    page = client.get(f"/i/{room.interview_id}/room").content.decode()
    assert path in page
    assert len(token) == 43  # 256 bits, base64url
    stored = Room.objects.filter(pk=room.pk).values().get()
    assert token not in str(stored)
    assert stored["token_digest"] == hashlib.sha256(token.encode()).hexdigest()


def test_the_panels_link_page_sends_a_referrer_to_itself_so_its_forms_pass_csrf(
    client, cast, room_link
):
    """With no-referrer, browsers post the page's forms (End interview) with `Origin: null`, which
    Django's CSRF check refuses; the page's URL carries no token, so same-origin is safe."""
    room, _, _ = room_link
    client.force_login(cast.ada)
    response = client.get(f"/i/{room.interview_id}/room")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store, private"


def test_a_hiring_manager_sees_it_and_other_panelists_and_strangers_do_not(client, cast, room_link):
    room, _, path = room_link
    client.force_login(cast.manager)
    assert path in client.get(f"/i/{room.interview_id}/room").content.decode()
    client.force_login(cast.grace)  # on the panel, not its lead
    assert client.get(f"/i/{room.interview_id}/room").status_code == 404
    assert client.post(f"/i/{room.interview_id}/room/regenerate").status_code == 404


def test_regenerating_revokes_the_old_link(client, cast, room_link):
    room, token, path = room_link
    assert client.get(path).status_code == 200
    client.force_login(cast.ada)
    client.post(f"/i/{room.interview_id}/room/regenerate")
    client.logout()
    assert client.get(path).status_code == 404
    new = room_token(room.interview_id, 2)
    assert new != token
    assert client.get(f"/room/{new}/").status_code == 200


def test_the_room_page_is_private(client, room_link):
    _, token, path = room_link
    response = client.get(path)
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"]
    cookie = response.cookies["loupe_room"]
    assert cookie.value == token
    assert cookie["path"] == "/ws/room/"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"


def test_it_opens_30_minutes_before_the_start_and_not_earlier(client, cast):
    interview = make_interview([cast.ada, cast.grace], start=False)
    room_path = lambda: f"/room/{room_token(interview.pk, 1)}/"  # noqa: E731
    from interviews.rooms.services import room_for_interview

    room_for_interview(interview=interview)
    Interview.objects.filter(pk=interview.pk).update(
        scheduled_at=timezone.now() + timedelta(minutes=45)
    )
    assert client.get(room_path()).status_code == 410
    Interview.objects.filter(pk=interview.pk).update(
        scheduled_at=timezone.now() + timedelta(minutes=25)
    )
    page = client.get(room_path())
    assert page.status_code == 200
    assert "Waiting for the panel" in page.content.decode()


def test_it_closes_30_minutes_after_the_lead_ends_it(client, cast, room_link):
    room, _, path = room_link
    client.force_login(cast.grace)
    assert client.post(f"/i/{room.interview_id}/end").status_code == 404  # only the lead
    client.force_login(cast.ada)
    client.post(f"/i/{room.interview_id}/end")
    client.logout()
    page = client.get(path)
    assert page.status_code == 200
    assert "The interview is over" in page.content.decode()
    Room.objects.filter(pk=room.pk).update(ended_at=timezone.now() - timedelta(minutes=31))
    assert client.get(path).status_code == 410


def test_a_cancelled_interview_never_opens(client, cast, room_link):
    room, _, path = room_link
    interview_cancel(interview=room.interview)
    assert client.get(path).status_code == 410


def test_guessing_spends_the_clients_budget_and_never_the_links(client, settings, room_link):
    _, _, path = room_link
    settings.LINK_GUESS_BUDGET = 2
    for _ in range(2):
        assert client.get("/room/" + "A" * 43 + "/").status_code == 404
    refused = client.get("/room/" + "B" * 43 + "/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert client.get(path).status_code == 200


def test_reads_are_limited_per_link(client, settings, room_link):
    _, _, path = room_link
    settings.ROOM_LINK_READS_PER_MINUTE = 3
    assert [client.get(path).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_the_token_opens_its_room_and_nothing_else(client, room_link):
    _, token, _ = room_link
    assert client.get(f"/feedback/{token}/").status_code == 404


def test_the_console_offers_the_link_to_the_lead_only(client, cast, room_link):
    room, _, path = room_link
    client.force_login(cast.ada)
    assert "rooms/link.js" in client.get(f"/i/{room.interview_id}/").content.decode()
    assert f"/i/{room.interview_id}/room" in client.get(f"/i/{room.interview_id}/").content.decode()
    fragment = client.get(f"/i/{room.interview_id}/room", headers={"HX-Request": "true"})
    assert path in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    client.force_login(cast.grace)
    assert (
        f"/i/{room.interview_id}/room"
        not in client.get(f"/i/{room.interview_id}/").content.decode()
    )


def test_the_candidate_page_offers_hiring_managers_the_room_link(client, cast, room_link):
    room, _, _ = room_link
    client.force_login(cast.manager)
    page = client.get(f"/candidates/{room.interview.candidate_id}/").content.decode()
    assert f"/i/{room.interview_id}/room" in page


def test_the_link_page_and_its_panel_share_a_url_so_it_varies_on_htmx(client, cast, room_link):
    room, _, _ = room_link
    client.force_login(cast.ada)
    page = client.get(f"/i/{room.interview_id}/room")
    panel = client.get(f"/i/{room.interview_id}/room", headers={"HX-Request": "true"})
    assert "HX-Request" in page["Vary"] and "HX-Request" in panel["Vary"]
    assert "<h1>" in page.content.decode()
    assert panel.content.decode().lstrip().startswith('<section class="room-link"')


def test_ending_an_interview_that_has_not_started_is_a_409_on_the_console(client, cast):
    interview = make_interview([cast.ada], start=False)
    client.force_login(cast.ada)
    response = client.post(f"/i/{interview.pk}/end")
    assert response.status_code == 409  # not a redirect: the refusal keeps its status
    body = response.content.decode()
    assert "Only an interview that has started can be ended." in body
    assert '<main id="main"' in body
    assert not Room.objects.filter(interview=interview, ended_at__isnull=False).exists()
