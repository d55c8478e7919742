"""A process's pad writes, one transaction for whatever its sockets hand over together.

Written one at a time, a keystroke cost a transaction of its own (the pad's row lock, the catch-up
read, an INSERT, an UPDATE, the commit's WAL flush) on Channels' one database thread: at 100 rooms
the keystrokes queued behind each other's commits. The writer stores what arrives while the
previous batch is being written in one transaction (services.pad_append_many), so a quiet room
waits for one commit and a busy process pays one commit for many keystrokes. Each socket still
hears its update's fate only once it is committed (or refused), and relays nothing before that.
"""

import asyncio
import weakref

from channels.db import database_sync_to_async
from django.db import OperationalError

from interviews.rooms import pads, services

# At most this many updates a transaction (its INSERT's parameters stay far under SQLite's limit).
MAX_BATCH = 500
RETRYABLE = {"40P01", "40001"}  # deadlock detected, serialization failure


class PadWriter:
    def __init__(self) -> None:
        self.waiting: list[tuple[services.Append, asyncio.Future]] = []
        self.flushing: asyncio.Task | None = None

    async def append(self, append: services.Append) -> int | pads.PadRefused:
        """The stored update's id, or why it was refused; raises what the database raised."""
        loop = asyncio.get_running_loop()
        result = loop.create_future()
        self.waiting.append((append, result))
        if self.flushing is None or self.flushing.done():
            self.flushing = loop.create_task(self.flush())
        return await result

    async def flush(self) -> None:
        try:
            while self.waiting:
                batch, self.waiting = self.waiting[:MAX_BATCH], self.waiting[MAX_BATCH:]
                await self.write(batch)
        finally:
            self.flushing = None

    async def write(self, batch: list[tuple[services.Append, asyncio.Future]]) -> None:
        """Store a batch and settle every waiter, whatever happens: a waiter left unsettled
        would hang its socket for good (a consumer handles one message at a time)."""
        try:
            outcomes = await store([append for append, _ in batch])
        except BaseException as error:
            if len(batch) > 1 and not isinstance(error, asyncio.CancelledError):
                # One append's trouble (a bad row, a deadlock victim) is not the others': each
                # on its own, so only the socket whose append fails hears of it.
                for one in batch:
                    await self.write([one])
                return
            for _, result in batch:
                if not result.done():
                    result.set_exception(error)
            if isinstance(error, asyncio.CancelledError):
                raise
            return
        for (_, result), outcome in zip(batch, outcomes, strict=True):
            if not result.done():  # its socket may have gone meanwhile
                result.set_result(outcome)


async def store(appends: list[services.Append]) -> list[int | pads.PadRefused]:
    """services.pad_append_many on the database thread, tried once more when PostgreSQL chose
    it as a deadlock's victim or could not serialise it (nothing of it was stored)."""
    append_many = database_sync_to_async(services.pad_append_many)
    try:
        return await append_many(appends=appends)
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) not in RETRYABLE:
            raise
        return await append_many(appends=appends)


# One writer per event loop (uvicorn runs one a process; tests may run several).
_writers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def writer() -> PadWriter:
    loop = asyncio.get_running_loop()
    found = _writers.get(loop)
    if found is None:
        found = _writers[loop] = PadWriter()
    return found
