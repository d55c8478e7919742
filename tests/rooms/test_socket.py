"""The room socket on the real ASGI application: candidates and panelists type into one pad,
every update stored before it is relayed, and each refusal closes with its code."""

import time

import pytest
from asgiref.sync import sync_to_async
from django.db import connections

from interviews.models import Interview, Panelist
from interviews.rooms import protocol
from interviews.rooms.models import PadUpdate
from interviews.services import interview_cancel, panelist_focus
from tests.rooms.sockets import Pad, communicator, frame, receive, session_of, until

# anyio (an ASGI server dependency) runs the async tests; no pytest-asyncio needed.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.anyio]


def is_ack(message):
    return isinstance(message, dict) and message.get("type") == "ack"


def closed(message):
    return isinstance(message, dict) and message.get("type") == "websocket.close"


@pytest.fixture(autouse=True)
async def close_socket_connections():
    """The consumers' queries run on asgiref's worker thread: close its connection after each
    test, so the test database can be dropped."""
    yield
    await sync_to_async(connections.close_all)()


async def opened(socket, pad: Pad, position: int = 1):
    """Open a panelist's pad: the server sends its whole state (step 2) and its state vector."""
    await socket.send_json_to({"type": "open", "position": position})
    await until(socket, lambda m: isinstance(m, bytes), pad=pad)
    await until(socket, lambda m: isinstance(m, bytes), pad=pad)


async def joined(socket, pad=None):
    connected, _ = await socket.connect()
    assert connected
    hello = await receive(socket)
    assert hello["type"] == "hello"
    return hello


async def test_the_candidate_types_and_the_panel_sees_it_stored_first(client, cast, room_link):
    room, token, _ = room_link
    candidate = communicator(token=token)
    mine = Pad()
    assert (await joined(candidate))["label"] == "Candidate"
    question = await receive(candidate)
    assert question["type"] == "question"
    assert question["position"] == 1
    await until(candidate, lambda m: isinstance(m, bytes), pad=mine)  # step 2
    await until(candidate, lambda m: isinstance(m, bytes), pad=mine)  # step 1

    lead = communicator(
        session=await sync_to_async(session_of)(client, cast.ada), interview=room.interview_id
    )
    theirs = Pad()
    assert (await joined(lead))["label"] == "Ada"
    await opened(lead, theirs)

    await candidate.send_to(bytes_data=mine.type(1, "func main() {}"))
    ack = await until(candidate, is_ack)
    assert ack["seq"] == 1
    await until(lead, lambda m: isinstance(m, bytes), pad=theirs)
    assert theirs.text == "func main() {}"
    stored = await sync_to_async(list)(PadUpdate.objects.values_list("author_kind", "label"))
    assert stored == [("candidate", "Candidate")]
    await candidate.disconnect()
    await lead.disconnect()


async def test_the_candidate_follows_the_lead(cast, room_link):
    room, token, _ = room_link
    candidate = communicator(token=token)
    await joined(candidate)
    assert (await receive(candidate))["position"] == 1
    panelist = await sync_to_async(Panelist.objects.get)(
        interview_id=room.interview_id, is_lead=True
    )
    await sync_to_async(panelist_focus)(panelist=panelist, position=2)
    question = await until(candidate, lambda m: isinstance(m, dict) and m["type"] == "question")
    assert question["position"] == 2
    assert question["title"] == "Question 2 of go-kit"
    await candidate.disconnect()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\x01\x01\x00" + b"\x00\x02\x05garbage", protocol.BAD_FRAME),
        (b"\xff\xff\xff", protocol.BAD_FRAME),
        (b"\x01\x01\x00\x00\x02" + b"\x80\x80\x10" + b"x" * (300 * 1024), protocol.TOO_LARGE),
        (b"\x07\x01\x00\x00\x02\x02\x00\x00", protocol.NOT_FOUND),
    ],
    ids=["garbage-update", "garbage-frame", "oversize", "another-pad"],
)
async def test_hostile_frames_close_with_their_code(client, cast, room_link, data, code):
    room, _, _ = room_link
    lead = communicator(
        session=await sync_to_async(session_of)(client, cast.ada), interview=room.interview_id
    )
    await joined(lead)
    await lead.send_json_to({"type": "open", "position": 1})
    await lead.send_to(bytes_data=data)
    assert (await until(lead, closed))["code"] == code


async def test_a_flood_closes_the_socket(room_link):
    _, token, _ = room_link
    candidate = communicator(token=token)
    await joined(candidate)
    for _ in range(105):
        await candidate.send_to(text_data='{"type": "open", "position": 1}')
    assert (await until(candidate, closed))["code"] == protocol.FLOOD


@pytest.mark.parametrize("who", ["stranger", "anonymous", "wrong-origin", "other-room"])
async def test_outsiders_get_a_close_and_no_data(client, cast, room_link, who):
    room, token, _ = room_link
    if who == "stranger":
        socket = communicator(
            session=await sync_to_async(session_of)(client, cast.manager),
            interview=room.interview_id,
        )
        code = protocol.NOT_FOUND
    elif who == "anonymous":
        socket, code = communicator(), protocol.NO_SESSION
    elif who == "wrong-origin":
        socket = communicator(token=token, origin=(b"origin", b"https://evil.example"))
        code = protocol.FORBIDDEN
    else:
        socket = communicator(
            session=await sync_to_async(session_of)(client, cast.ada),
            interview=room.interview_id + 1000,
        )
        code = protocol.NOT_FOUND
    await socket.connect()
    message = await receive(socket)
    assert closed(message)
    assert message["code"] == code


async def test_a_pad_refuses_more_than_64_kb_and_keeps_what_was_typed(client, cast, room_link):
    room, _, _ = room_link
    lead = communicator(
        session=await sync_to_async(session_of)(client, cast.ada), interview=room.interview_id
    )
    mine = Pad()
    await joined(lead)
    await opened(lead, mine)
    await lead.send_to(bytes_data=mine.type(1, "x" * 60_000))
    await until(lead, is_ack)
    await lead.send_to(bytes_data=mine.type(1, "y" * 10_000))
    refused = await until(lead, lambda m: isinstance(m, dict) and m["type"] == "refused")
    assert "64 KB" in refused["reason"]
    await lead.send_to(bytes_data=frame(1, 99, b"\x00\x02\x02\x00\x00"))  # an empty update
    assert (await until(lead, is_ack))["seq"] == 99
    from interviews.rooms.models import Pad as PadRow
    from interviews.rooms.selectors import pad_text

    pad = await sync_to_async(PadRow.objects.get)(room=room, position=1)
    assert await sync_to_async(pad_text)(pad) == "x" * 60_000


async def test_a_panelist_whose_session_has_gone_idle_is_refused(client, cast, room_link):
    room, _, _ = room_link

    def idle_session():
        client.force_login(cast.ada)
        session = client.session
        session["loupe_last_seen_at"] = int(time.time()) - 9 * 3600
        session.save()
        return client.cookies["sessionid"].value

    socket = communicator(session=await sync_to_async(idle_session)(), interview=room.interview_id)
    await socket.connect()
    message = await receive(socket)
    assert closed(message)
    assert message["code"] == protocol.NO_SESSION


async def test_cancelling_the_interview_closes_the_room(room_link):
    room, token, _ = room_link
    candidate = communicator(token=token)
    await joined(candidate)
    await sync_to_async(
        lambda: interview_cancel(interview=Interview.objects.get(pk=room.interview_id))
    )()
    assert (await until(candidate, closed))["code"] == protocol.CLOSED
