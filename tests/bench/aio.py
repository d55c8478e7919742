"""Running the generator's coroutines in tests, against an in-process aiohttp server."""

import asyncio
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

from aiohttp import web


def run_off_main_thread(coroutine):
    """asyncio.run, but not in the main thread: the browser tests' Playwright keeps its event loop
    running there for the whole session."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=60)


@asynccontextmanager
async def serving(app: web.Application) -> AsyncIterator[str]:
    """Serve app on a free port of 127.0.0.1 for the block; yields its base URL."""
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()
