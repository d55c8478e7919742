"""The room socket's frames.

Binary frames carry the Yjs sync protocol (y-protocols: SYNC step 1, step 2, update), wrapped so
that each names its pad and can be acknowledged:

    client -> server   varuint position, varuint seq, varuint flags (1: pasted), y-sync message
    server -> client   varuint position, y-sync message

Text frames are JSON control messages: {"type": "open", "position"} (a panelist's pad),
{"type": "cursor", "position", "anchor", "head"} (Yjs relative positions, base64); from the
server "hello", "question", "lead", "ack", "cursor", "refused", "ended".

The y-sync messages themselves are read and written with pycrdt's helpers (the same encoding
as y-protocols in the browser), never by hand.
"""

import base64
import binascii
import json
from dataclasses import dataclass

from pycrdt import Decoder, YMessageType, YSyncMessageType, write_var_uint

MAX_MESSAGE_BYTES = 256 * 1024
MAX_MESSAGES_PER_SECOND = 100
PASTED = 1

# Close codes (4000-4999 are the application's): each hostile or refused case has its own.
BAD_FRAME = 4400
NO_SESSION = 4401
FORBIDDEN = 4403
NOT_FOUND = 4404
REVOKED = 4405
ENDED = 4409
CLOSED = 4410
TOO_LARGE = 4413
FLOOD = 4429
# The server could not store an update: the client reconnects and sends it again (not final).
SERVER_ERROR = 1011


class BadFrame(Exception):
    pass


@dataclass(frozen=True)
class PadFrame:
    position: int
    seq: int
    pasted: bool
    sync_type: int  # YSyncMessageType
    payload: bytes  # step 1: a state vector; step 2 and update: an update

    @property
    def is_update(self) -> bool:
        return self.sync_type in (YSyncMessageType.SYNC_STEP2, YSyncMessageType.SYNC_UPDATE)


def _var_uint(data: bytes, at: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        if at >= len(data) or shift > 28:
            raise BadFrame("truncated number")
        byte = data[at]
        value |= (byte & 0x7F) << shift
        at += 1
        shift += 7
        if byte < 0x80:
            return value, at


def parse_binary(data: bytes) -> PadFrame:
    position, at = _var_uint(data, 0)
    seq, at = _var_uint(data, at)
    flags, at = _var_uint(data, at)
    if at + 2 > len(data) or data[at] != YMessageType.SYNC:
        raise BadFrame("not a sync message")
    sync_type = data[at + 1]
    if sync_type not in tuple(YSyncMessageType):
        raise BadFrame("unknown sync message")
    try:
        payload = Decoder(data[at + 2 :]).read_message()
    except (IndexError, RuntimeError) as error:
        raise BadFrame("truncated sync message") from error
    if payload is None or position < 1:
        raise BadFrame("empty sync message")
    return PadFrame(position, seq, bool(flags & PASTED), sync_type, payload)


def pad_message(position: int, sync_message: bytes) -> bytes:
    return write_var_uint(position) + sync_message


def parse_text(text: str) -> dict:
    try:
        message = json.loads(text)
    except ValueError as error:
        raise BadFrame("not JSON") from error
    if not isinstance(message, dict) or message.get("type") not in ("open", "cursor"):
        raise BadFrame("unknown message")
    position = message.get("position")
    if not isinstance(position, int) or isinstance(position, bool) or not 1 <= position <= 1000:
        raise BadFrame("bad position")
    if message["type"] == "cursor":
        for end in ("anchor", "head"):
            value = message.get(end)
            if not isinstance(value, str) or len(value) > 200:
                raise BadFrame("bad cursor")
            try:
                base64.b64decode(value, validate=True)
            except binascii.Error as error:
                raise BadFrame("bad cursor") from error
    return message
