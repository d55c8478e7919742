"""Running the generator's coroutines in tests."""

import asyncio
from concurrent.futures import ThreadPoolExecutor


def run_off_main_thread(coroutine):
    """asyncio.run, but not in the main thread: the browser tests' Playwright keeps its event loop
    running there for the whole session."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=60)
