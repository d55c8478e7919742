"""A real HTTP receiver on 127.0.0.1, in a thread: records what it is sent and answers with the
codes a test scripts (then 204). A test can hold its answers back (`gate`) to catch a delivery in
flight."""

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    server: ThreadingHTTPServer
    codes: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    gate: threading.Event | None = None
    arrived: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hooks/loupe"

    def stop(self) -> None:
        if self.gate is not None:
            self.gate.set()
        self.server.shutdown()
        self.server.server_close()


def start_receiver(codes: list[int] | None = None, gate: threading.Event | None = None):
    receiver: Receiver

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            receiver.received.append(Received(self.path, dict(self.headers.items()), body))
            receiver.arrived.set()
            if receiver.gate is not None:
                receiver.gate.wait(timeout=60)
            code = receiver.codes.pop(0) if receiver.codes else 204
            self.send_response(code)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver = Receiver(server=server, codes=list(codes or []), gate=gate)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver
