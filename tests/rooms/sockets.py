"""A room socket client for tests: Channels' communicator on the real ASGI application (Redis
channel layer, PostgreSQL), speaking the room protocol with pycrdt."""

import json

from asgiref.testing import ApplicationCommunicator
from pycrdt import Doc, Text, create_update_message, write_var_uint

from config.asgi import application
from interviews.rooms import pads, protocol

ORIGIN = (b"origin", b"http://testserver")


class WebsocketCommunicator(ApplicationCommunicator):
    """A socket client on the ASGI application in process (Channels' own needs daphne)."""

    def __init__(self, app, path: str, headers: list):
        path, _, query = path.partition("?")
        scope = {
            "type": "websocket",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "headers": headers,
            "subprotocols": [],
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
        }
        super().__init__(app, scope)

    async def connect(self, timeout: float = 3):
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        return response["type"] == "websocket.accept", response

    async def send_to(self, text_data=None, bytes_data=None):
        message = {"type": "websocket.receive"}
        if text_data is not None:
            message["text"] = text_data
        else:
            message["bytes"] = bytes_data
        await self.send_input(message)

    async def send_json_to(self, data):
        await self.send_to(text_data=json.dumps(data))

    async def disconnect(self, code: int = 1000, timeout: float = 1):
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)


HOST = (b"host", b"testserver")


def communicator(
    *, token: str = "", session: str = "", interview: int | None = None, origin=ORIGIN
):
    cookies = []
    if token:
        cookies.append(f"loupe_room={token}")
    if session:
        cookies.append(f"sessionid={session}")
    headers = [HOST] + ([origin] if origin else [])
    if cookies:
        headers.append((b"cookie", "; ".join(cookies).encode()))
    path = "/ws/room/" + (f"?interview={interview}" if interview else "")
    return WebsocketCommunicator(application, path, headers=headers)


def session_of(client, user) -> str:
    client.force_login(user)
    return client.cookies["sessionid"].value


class Pad:
    """One participant's copy of a pad, fed from the socket like the browser's Yjs."""

    def __init__(self):
        self.doc = Doc()
        self.doc[pads.TEXT] = Text()
        self.seq = 0

    @property
    def text(self) -> str:
        return str(self.doc[pads.TEXT])

    def apply(self, data: bytes) -> None:
        # varuint position, then a y-sync message: 0, type, varuint length, payload
        at = 0
        while data[at] & 0x80:
            at += 1
        at += 1
        sync_type = data[at + 1]
        body = data[at + 2 :]
        length, i, shift = 0, 0, 0
        while True:
            byte = body[i]
            length |= (byte & 0x7F) << shift
            i += 1
            shift += 7
            if byte < 0x80:
                break
        if sync_type != 0:  # step 2 and updates carry an update; step 1 a state vector
            self.doc.apply_update(body[i : i + length])

    def type(self, position: int, text: str, *, at: int | None = None, pasted=False) -> bytes:
        before = self.doc.get_state()
        ytext = self.doc[pads.TEXT]
        ytext.insert(len(ytext) if at is None else at, text)
        self.seq += 1
        update = self.doc.get_update(before)
        return frame(position, self.seq, create_update_message(update), pasted=pasted)


def frame(position: int, seq: int, sync_message: bytes, *, pasted=False) -> bytes:
    flags = protocol.PASTED if pasted else 0
    return write_var_uint(position) + write_var_uint(seq) + write_var_uint(flags) + sync_message


async def receive(socket, timeout: float = 3):
    message = await socket.receive_output(timeout)
    if message["type"] == "websocket.close":
        return message
    if message.get("bytes") is not None:
        return message["bytes"]
    return json.loads(message["text"])


async def until(socket, predicate, timeout: float = 3, pad: Pad | None = None):
    """Read messages until one satisfies predicate; binary ones go into `pad` on the way."""
    while True:
        message = await receive(socket, timeout)
        if isinstance(message, bytes) and pad is not None:
            pad.apply(message)
        if predicate(message):
            return message
