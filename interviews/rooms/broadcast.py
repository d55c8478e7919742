"""Telling the sockets in a room that something changed, after the change is committed.

A broadcast carries no content, only what to re-read: each socket asks the selectors what its
own holder may see (so the candidate's socket never relays what only the panel may read).
"""

import asyncio
import logging
import threading

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def room_group(room_id: int) -> str:
    return f"room-{room_id}"


def send_now(room_id: int, event: str, **fields) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": event, **fields}
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        loop_here = False
    else:
        loop_here = True
    try:
        if loop_here:
            # Called from a thread that runs an event loop (a test driving a browser): async_to_sync
            # refuses that, so send from a thread of its own.
            worker = threading.Thread(
                target=asyncio.run, args=(layer.group_send(room_group(room_id), message),)
            )
            worker.start()
            worker.join(5)
        else:
            async_to_sync(layer.group_send)(room_group(room_id), message)
    except Exception as error:  # the change is stored; sockets catch up when they reconnect
        logger.warning("room %s: broadcast %s failed (%s)", room_id, event, error)


def on_commit(room_id: int, event: str, **fields) -> None:
    transaction.on_commit(lambda: send_now(room_id, event, **fields))
