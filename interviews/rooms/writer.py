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

from interviews.rooms import pads, services

# At most this many updates a transaction (its INSERT's parameters stay far under SQLite's limit).
MAX_BATCH = 500


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
        while self.waiting:
            batch, self.waiting = self.waiting[:MAX_BATCH], self.waiting[MAX_BATCH:]
            appends = [append for append, _ in batch]
            try:
                outcomes = await database_sync_to_async(services.pad_append_many)(appends=appends)
            except Exception as error:
                for _, result in batch:
                    if not result.done():
                        result.set_exception(error)
                continue
            for (_, result), outcome in zip(batch, outcomes, strict=True):
                if not result.done():  # its socket may have gone meanwhile
                    result.set_result(outcome)


# One writer per event loop (uvicorn runs one a process; tests may run several).
_writers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def writer() -> PadWriter:
    loop = asyncio.get_running_loop()
    found = _writers.get(loop)
    if found is None:
        found = _writers[loop] = PadWriter()
    return found
