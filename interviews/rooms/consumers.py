"""The room socket: parse, check access, call a service, send (a consumer is a view).

Every pad update is appended to PostgreSQL (services.pad_append_many, in batches: rooms/writer.py)
before it is relayed to anyone or acknowledged to its sender; the sender's pad shows "saved" from
those acknowledgements. The candidate's socket is told only what selectors.candidate_question
gives it.
"""

import json
import logging
import time
from collections import deque

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.db import DatabaseError
from pycrdt import YSyncMessageType, create_sync_message, create_update_message
from pycrdt._sync import create_sync_step2_message

from interviews.rooms import pads, protocol, selectors, services, sockets
from interviews.rooms.broadcast import room_group
from interviews.rooms.models import Pad, Room
from interviews.rooms.writer import writer

logger = logging.getLogger(__name__)
EMPTY_UPDATE = b"\x00\x00"  # a Yjs update with no structs and no deletions


def _pad_state(room_id: int, position: int) -> tuple[int, str, bytes, bytes] | None:
    """(pad id, its language, step 2 with the whole stored document, step 1 with its state
    vector); None when the interview has no such question."""
    room = Room.objects.get(pk=room_id)
    language = (
        selectors.InterviewQuestion.objects.filter(
            interview_id=room.interview_id, position=position
        )
        .values_list("revision__language", flat=True)
        .first()
    )
    if language is None:
        return None
    pad, _ = Pad.objects.get_or_create(room=room, position=position)
    doc = pads.doc_from(update for _, update in selectors.pad_updates(pad.pk))
    step2 = create_sync_step2_message(doc.get_update())
    return pad.pk, language or "text", step2, create_sync_message(doc)


def _room(room_id: int) -> Room:
    return Room.objects.select_related("interview").get(pk=room_id)


def _candidate_view(room_id: int) -> tuple[str, dict | None, int]:
    room = _room(room_id)
    question = selectors.candidate_question(room)
    return (
        selectors.phase(room),
        question.as_message() if question else None,
        room.generation,
    )


class RoomConsumer(AsyncWebsocketConsumer):
    participant: sockets.Participant | None = None

    async def connect(self):
        self.sent_at: deque[float] = deque()
        self.position: int | None = None
        self.pad_id: int | None = None
        found = await database_sync_to_async(sockets.participant_for)(self.scope)
        await self.accept()
        if isinstance(found, sockets.Refusal):
            # Accepted only to say why: a close code and a reason, never a byte of data.
            return await self.close(code=found.code, reason=found.reason)
        self.participant = found
        self.group = room_group(found.room_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.send_json({"type": "hello", "label": found.label, "slot": found.slot})
        if found.is_candidate:
            await self.follow_lead()
        else:
            phase, _, _ = await database_sync_to_async(_candidate_view)(found.room_id)
            if phase == "ended":
                await self.send_json({"type": "ended"})

    async def dispatch(self, message):
        # Channels' dispatch hops to the database thread before every message to close stale
        # connections (aclose_old_connections): two thread switches a keystroke and a relay. This
        # consumer reaches the database only through database_sync_to_async, which closes them
        # itself around each call.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def disconnect(self, code):
        if self.participant is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def send_json(self, message: dict) -> None:
        await self.send(text_data=json.dumps(message))

    async def refuse(self, code: int, reason: str) -> None:
        logger.info("room socket closed: %s %s", code, reason)
        await self.close(code=code, reason=reason)

    # --- from the client ----------------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        if self.participant is None:
            return
        now = time.monotonic()
        self.sent_at.append(now)
        while self.sent_at and now - self.sent_at[0] > 1:
            self.sent_at.popleft()
        if len(self.sent_at) > protocol.MAX_MESSAGES_PER_SECOND:
            return await self.refuse(protocol.FLOOD, "More than 100 messages a second.")
        size = len(bytes_data) if bytes_data is not None else len((text_data or "").encode())
        if size > protocol.MAX_MESSAGE_BYTES:
            return await self.refuse(protocol.TOO_LARGE, "A message over 256 KB.")
        try:
            if bytes_data is not None:
                await self.receive_pad(protocol.parse_binary(bytes_data))
            else:
                await self.receive_control(protocol.parse_text(text_data or ""))
        except protocol.BadFrame as bad:
            return await self.refuse(protocol.BAD_FRAME, f"Invalid frame: {bad}.")

    async def receive_control(self, message: dict) -> None:
        if message["type"] == "open":
            if self.participant.is_candidate:
                return  # the candidate's pad follows the lead, not the candidate
            return await self.open_pad(message["position"])
        if message["position"] != self.position:
            return
        await self.channel_layer.group_send(
            self.group,
            {
                "type": "pad.cursor",
                "position": self.position,
                "anchor": message["anchor"],
                "head": message["head"],
                "label": self.participant.label,
                "slot": self.participant.slot,
                "sender": self.channel_name,
            },
        )

    async def receive_pad(self, frame: protocol.PadFrame) -> None:
        if frame.position != self.position or self.pad_id is None:
            if self.participant.is_candidate:
                return  # a late frame for the question the lead just left: not theirs now
            return await self.refuse(protocol.NOT_FOUND, "That pad is not open on this socket.")
        if frame.sync_type == YSyncMessageType.SYNC_STEP1:
            # The client asks for what it lacks (it holds updates whose predecessors it never
            # received): answer from the record.
            missing = database_sync_to_async(services.pad_missing)
            try:
                update = await missing(pad_id=self.pad_id, state_vector=frame.payload)
            except pads.PadRefused as refused:
                return await self.refuse(protocol.BAD_FRAME, f"Invalid frame: {refused.reason}")
            step2 = create_sync_step2_message(update)
            return await self.send(bytes_data=protocol.pad_message(frame.position, step2))
        if frame.payload == EMPTY_UPDATE:
            # A sync reply from a client with nothing new: nothing to store or relay.
            ack = {"type": "ack", "position": frame.position, "seq": frame.seq}
            return await self.send_json(ack)
        append = services.Append(
            pad_id=self.pad_id,
            update=frame.payload,
            author_kind=self.participant.kind,
            author_id=self.participant.user_id,
            label=self.participant.label,
            pasted=frame.pasted,
        )
        try:
            outcome = await writer().append(append)
        except DatabaseError:
            # Not stored, so neither relayed nor acknowledged: the pad shows "not saved yet",
            # reconnects, and its sync sends the update again.
            logger.exception("room %s: a pad update was not stored", self.participant.room_id)
            return await self.close(code=protocol.SERVER_ERROR, reason="Not saved; reconnecting.")
        if isinstance(outcome, pads.PadRefused):
            if outcome.code == protocol.BAD_FRAME:
                return await self.refuse(outcome.code, outcome.reason)
            refused = {"type": "refused", "position": frame.position, "seq": frame.seq}
            return await self.send_json({**refused, "reason": outcome.reason})
        await self.channel_layer.group_send(
            self.group,
            {
                "type": "pad.update",
                "position": frame.position,
                "update": frame.payload,
                "sender": self.channel_name,
            },
        )
        await self.send_json({"type": "ack", "position": frame.position, "seq": frame.seq})

    async def open_pad(self, position: int) -> None:
        state = await database_sync_to_async(_pad_state)(self.participant.room_id, position)
        if state is None:
            return await self.refuse(protocol.NOT_FOUND, "No such question.")
        self.pad_id, language, step2, step1 = state
        self.position = position
        await self.send_json({"type": "pad", "position": position, "language": language})
        await self.send(bytes_data=protocol.pad_message(position, step2))
        await self.send(bytes_data=protocol.pad_message(position, step1))

    async def follow_lead(self) -> None:
        phase, question, generation = await database_sync_to_async(_candidate_view)(
            self.participant.room_id
        )
        if generation != self.participant.generation:
            return await self.refuse(protocol.REVOKED, "This room link was replaced.")
        if phase == "ended":
            await self.send_json({"type": "ended"})
            return await self.refuse(protocol.ENDED, "The interview has ended.")
        if question is None:
            return await self.send_json({"type": "lobby"})
        if question["position"] != self.position:
            await self.send_json(question)
            await self.open_pad(question["position"])

    # --- from the room's group ----------------------------------------------------------------

    async def pad_update(self, event):
        if event["sender"] != self.channel_name and event["position"] == self.position:
            message = create_update_message(event["update"])
            await self.send(bytes_data=protocol.pad_message(self.position, message))

    async def pad_cursor(self, event):
        if event["sender"] != self.channel_name and event["position"] == self.position:
            fields = ("position", "anchor", "head", "label", "slot")
            await self.send_json({"type": "cursor", **{k: event[k] for k in fields}})

    async def room_question(self, event):
        if self.participant.is_candidate:
            await self.follow_lead()
        else:
            await self.send_json({"type": "lead", "position": event["position"]})

    async def room_ended(self, event):
        await self.send_json({"type": "ended"})
        if self.participant.is_candidate:
            await self.refuse(protocol.ENDED, "The interview has ended.")

    async def room_revoked(self, event):
        if self.participant.is_candidate and event["generation"] != self.participant.generation:
            await self.refuse(protocol.REVOKED, "This room link was replaced.")

    async def room_closed(self, event):
        await self.refuse(protocol.CLOSED, event["reason"])
