"""The pad phase: rooms where a candidate types and two panelists watch, through a real uvicorn on
this database and Redis, the WebSocket clients in this process (asyncio, the `websockets` client).

For each room count (100, then 150, 200, 300, ... with --step), every candidate types
--keys-per-second keystrokes (one Yjs update each) for --seconds; each watcher records when each
keystroke reaches it. Printed per step (pad_latency): p50/p95/p99 keystroke-to-watcher in ms,
updates, errors (refused or closed sockets), lost (final texts in PostgreSQL and in every watcher
compared with what was typed) and cpu_ms_per_update (what one keystroke cost the ASGI server,
PostgreSQL, Redis and these clients, from /proc: bench/cpu.py); then pad_max_rooms, the largest
count that held p95 <= 100 ms with nothing lost. Printed figures, never a timed test. Everything it
creates is deleted at the end. `make bench` (bench.run) runs it as its pad phase, with --json-out.

    DATABASE_URL=... REDIS_URL=... python manage.py bench_pad [--rooms 100] [--step] [--seconds 30]
"""

import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone
from pycrdt import Doc, Text, create_sync_message, create_update_message, write_var_uint

from bench import cpu
from config.middleware import LAST_SEEN_KEY, SIGNED_IN_KEY
from config.roles import INTERVIEWER, ensure_roles
from interviews.models import Candidate, Interview, Loop
from interviews.rooms import pads
from interviews.rooms.models import Pad
from interviews.rooms.selectors import pad_text
from interviews.rooms.services import room_for_interview
from interviews.services import interview_schedule, interview_start
from interviews.synthetic import synthetic_kit

ROOT = Path(__file__).resolve().parents[3]
ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
CHECK_SECONDS = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def stop_on_term(signum, frame) -> None:
    raise SystemExit(143)


def skip_varuint(data: bytes, at: int) -> int:
    while data[at] & 0x80:
        at += 1
    return at + 1


def read_varuint(data: bytes, at: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        byte = data[at]
        value |= (byte & 0x7F) << shift
        at += 1
        shift += 7
        if byte < 0x80:
            return value, at


def apply_frame(doc: Doc, data: bytes) -> bool:
    """Apply a server frame (position, y-sync message) to doc; True if it carried an update."""
    at = skip_varuint(data, 0)
    sync_type = data[at + 1]
    if sync_type == 0:
        return False
    length, start = read_varuint(data, at + 2)
    doc.apply_update(data[start : start + length])
    return sync_type == 2


def run_apart(coroutine):
    """asyncio.run, in a thread of its own when this one already runs a loop (a caller that
    drives a browser with Playwright's sync API, as the test suite does)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class Room:
    def __init__(self, interview_id: int, token: str, sessions: list[str]):
        self.interview_id = interview_id
        self.token = token
        self.sessions = sessions
        self.reset()

    def reset(self) -> None:
        self.typed = ""
        self.sent_at: list[float] = []
        self.latencies: list[float] = []
        self.watcher_texts = ["" for _ in self.sessions]
        self.errors = 0


class Command(BaseCommand):
    help = "The pad phase: keystroke-to-watcher latency and lost text over N rooms."

    def add_arguments(self, parser):
        parser.add_argument("--rooms", type=int, default=100)
        parser.add_argument("--seconds", type=float, default=30.0)
        parser.add_argument("--keys-per-second", type=float, default=5.0)
        parser.add_argument("--step", action="store_true", help="then 150, 200, 300, ... rooms")
        parser.add_argument("--max-rooms", type=int, default=600)
        parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
        parser.add_argument("--json-out", type=Path, help="also write every step's figures here")

    def handle(self, *args, **options):
        if not settings.REDIS_URL or "postgres" not in settings.DATABASES["default"]["ENGINE"]:
            raise CommandError(
                "The pad phase runs on PostgreSQL and Redis (DATABASE_URL, REDIS_URL)."
            )
        tag = uuid.uuid4().hex[:8]
        counts = [options["rooms"]]
        if options["step"]:
            counts += [
                c
                for c in (150, 200, 300, 400, 600, 800)
                if options["rooms"] < c <= options["max_rooms"]
            ]
        rooms = self.make_rooms(tag, max(counts))
        port = free_port()
        # uvicorn runs in a session of its own: a SIGTERM to this command (bench.run's cleanup)
        # must still reach the finally below that stops it and deletes the rooms.
        previous = signal.signal(signal.SIGTERM, stop_on_term)
        server = None
        results, best = [], None
        try:
            server = self.start_server(port, options["workers"])
            for count in counts:
                for room in rooms[:count]:
                    room.reset()
                self.reset_pads(rooms[:count])
                self.cpu_group = server.pid
                figures = run_apart(self.phase(port, rooms[:count], options))
                figures["rooms"] = count
                results.append(figures)
                self.stdout.write(json.dumps({"pad_latency": figures}))
                if (
                    figures["p95_ms"] is not None
                    and figures["p95_ms"] <= 100
                    and not figures["lost"]
                ):
                    best = count
                else:
                    break
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=10)
            self.cleanup(tag)
            signal.signal(signal.SIGTERM, previous)
        self.stdout.write(json.dumps({"pad_max_rooms": best}))
        if options.get("json_out"):
            summary = {"steps": results, "pad_max_rooms": best, "workers": options["workers"]}
            options["json_out"].write_text(json.dumps(summary))

    # --- data ---------------------------------------------------------------------------------

    def make_rooms(self, tag: str, count: int) -> list[Room]:
        ensure_roles()
        kit = synthetic_kit(slug=f"bench-pad-{tag}", questions=1)
        group = Group.objects.get(name=INTERVIEWER)
        rooms = []
        for index in range(count):
            panel = []
            for n in range(2):
                user = User.objects.create_user(f"bench-pad-{tag}-{index}-{n}", password=None)
                user.groups.add(group)
                panel.append(user)
            interview = interview_schedule(
                candidate_name=f"Bench {index}",
                candidate_email=f"bench-pad-{tag}-{index}@example.com",
                kit=kit,
                scheduled_at=timezone.now() + timedelta(minutes=1),
                panel=panel,
                lead=panel[0],
            )
            interview_start(interview=interview)
            _, token = room_for_interview(interview=interview)
            rooms.append(Room(interview.pk, token, [self.session_for(user) for user in panel]))
        return rooms

    def session_for(self, user) -> str:
        session = import_module(settings.SESSION_ENGINE).SessionStore()
        now = int(time.time())
        session.update(
            {
                "_auth_user_id": str(user.pk),
                "_auth_user_backend": settings.AUTHENTICATION_BACKENDS[-1],
                "_auth_user_hash": user.get_session_auth_hash(),
                SIGNED_IN_KEY: now,
                LAST_SEEN_KEY: now,
            }
        )
        session.create()
        return session.session_key

    def reset_pads(self, rooms: list[Room]) -> None:
        Pad.objects.filter(room__interview_id__in=[r.interview_id for r in rooms]).delete()
        pads.cache.docs.clear()

    def cleanup(self, tag: str) -> None:
        interviews = Interview.objects.filter(candidate__email__startswith=f"bench-pad-{tag}")
        loops = list(Loop.objects.filter(interviews__in=interviews).values_list("pk", flat=True))
        interviews.delete()
        Loop.objects.filter(pk__in=loops).delete()
        Candidate.objects.filter(email__startswith=f"bench-pad-{tag}").delete()
        User.objects.filter(username__startswith=f"bench-pad-{tag}").delete()

    def start_server(self, port: int, workers: int) -> subprocess.Popen:
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--host",
            "127.0.0.1",
        ]
        command += ["--port", str(port), "--workers", str(workers), "--no-access-log"]
        # As docker-compose.yml's asgi service runs it.
        command += ["--ws-max-size", "1048576", "--ws-per-message-deflate", "false"]
        db = connection.settings_dict
        credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        env = os.environ | {
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # The database this command wrote its rooms to (under the tests: the test database).
            "DATABASE_URL": f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}",
        }
        log = tempfile.NamedTemporaryFile(  # noqa: SIM115  (uvicorn writes to it as long as it runs)
            "w", prefix="bench-pad-uvicorn-", suffix=".log", delete=False
        )
        self.server_log = log.name
        # Our own interpreter running uvicorn on our own application: no outside input.
        # A group of its own (start_new_session): its CPU is read by process group (bench/cpu.py),
        # the reloader-free workers included.
        server = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    return server
            time.sleep(0.2)
        server.kill()
        raise CommandError(f"uvicorn did not start (see {self.server_log})")

    # --- the clients ----------------------------------------------------------------------------

    async def phase(self, port: int, rooms: list[Room], options) -> dict:
        # Every room connects (300 sockets at 100 rooms: sessions, panelists, the pad's state), then
        # all start typing together: the connections' burst of work is not charged to the first
        # keystrokes, nor their CPU to the keystrokes' (taken from the start of the typing).
        self.all_connected = asyncio.Barrier(len(rooms))
        self.cpu_before = None
        started = time.monotonic()
        await asyncio.gather(*(self.room(port, room, options) for room in rooms))
        after = cpu.snapshot(server=self.cpu_group, generator=os.getpid())
        latencies = [ms for room in rooms for ms in room.latencies]
        lost = 0
        for room in rooms:
            stored = await asyncio.to_thread(self.stored_text, room.interview_id)
            lost += sum(text != room.typed for text in [stored, *room.watcher_texts])
        return {
            "p50_ms": percentile(latencies, 0.50),
            "p95_ms": percentile(latencies, 0.95),
            "p99_ms": percentile(latencies, 0.99),
            "updates": sum(len(room.sent_at) for room in rooms),
            "errors": sum(room.errors for room in rooms),
            "lost": lost,
            "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None,
            "connect_s": round(self.connected_at - started, 1),
            "cpu_ms_per_update": cpu.per_request(
                self.cpu_before, after, sum(len(room.sent_at) for room in rooms)
            ),
        }

    def stored_text(self, interview_id: int) -> str:
        pad = Pad.objects.filter(room__interview_id=interview_id, position=1).first()
        return pad_text(pad) if pad else ""

    async def connect(self, port: int, cookie: str, query: str = ""):
        import websockets

        return await websockets.connect(
            f"ws://127.0.0.1:{port}/ws/room/{query}",
            additional_headers={"Cookie": cookie, "Origin": f"http://127.0.0.1:{port}"},
            max_size=2**20,
        )

    async def room(self, port: int, room: Room, options) -> None:
        watchers = []
        for session in room.sessions:
            ws = await self.connect(
                port, f"{settings.SESSION_COOKIE_NAME}={session}", f"?interview={room.interview_id}"
            )
            await ws.recv()  # hello
            await ws.send(json.dumps({"type": "open", "position": 1}))
            watchers.append(ws)
        candidate = await self.connect(port, f"loupe_room={room.token}")
        doc = Doc()
        doc[pads.TEXT] = Text()
        # hello, question, pad, step 2, step 1
        while True:
            message = await candidate.recv()
            if isinstance(message, bytes) and message[skip_varuint(message, 0) + 1] == 0:
                break
        async with asyncio.timeout(120):
            if await self.all_connected.wait() == 0:
                self.connected_at = time.monotonic()
                self.cpu_before = cpu.snapshot(server=self.cpu_group, generator=os.getpid())
        docs = [Doc() for _ in watchers]
        for watcher_doc in docs:
            watcher_doc[pads.TEXT] = Text()
        tasks = [
            asyncio.create_task(self.watch(ws, room, i, docs[i])) for i, ws in enumerate(watchers)
        ]
        # As the browsers' pads do (assets/pad.js, CHECK_MS): each socket compares itself with
        # the record every 10 s.
        tasks += [
            asyncio.create_task(self.check_with_record(ws, each))
            for ws, each in [*zip(watchers, docs, strict=True), (candidate, doc)]
        ]
        acks = asyncio.create_task(self.read_acks(candidate, room))
        interval = 1 / options["keys_per_second"]
        keys = int(options["seconds"] * options["keys_per_second"])
        start = time.monotonic()
        for k in range(keys):
            await asyncio.sleep(max(0, start + k * interval - time.monotonic()))
            char = ALPHABET[k % len(ALPHABET)]
            before = doc.get_state()
            doc[pads.TEXT] += char
            message = create_update_message(doc.get_update(before))
            frame = write_var_uint(1) + write_var_uint(k + 1) + write_var_uint(0) + message
            room.typed += char
            room.sent_at.append(time.monotonic())
            try:
                await candidate.send(frame)
            except Exception:
                room.errors += 1
                break
        await asyncio.sleep(2)
        for task in [*tasks, acks]:
            task.cancel()
        for ws in [*watchers, candidate]:
            await ws.close()

    async def read_acks(self, ws, room: Room) -> None:
        try:
            async for message in ws:
                if isinstance(message, str) and json.loads(message)["type"] in ("refused",):
                    room.errors += 1
        except asyncio.CancelledError:
            raise
        except Exception:
            room.errors += 1

    async def check_with_record(self, ws, doc: Doc) -> None:
        await asyncio.sleep(random.uniform(0, CHECK_SECONDS))  # noqa: S311  (spreads them out)
        while True:
            await ws.send(write_var_uint(1) + bytes([0, 0]) + create_sync_message(doc))
            await asyncio.sleep(CHECK_SECONDS)

    async def watch(self, ws, room: Room, index: int, doc: Doc) -> None:
        seen = 0
        try:
            async for message in ws:
                if not isinstance(message, bytes):
                    continue
                if apply_frame(doc, message):
                    length = len(str(doc[pads.TEXT]))
                    now = time.monotonic()
                    while seen < length and seen < len(room.sent_at):
                        room.latencies.append((now - room.sent_at[seen]) * 1000)
                        seen += 1
                room.watcher_texts[index] = str(doc[pads.TEXT])
        except asyncio.CancelledError:
            raise
        except Exception:
            room.errors += 1
