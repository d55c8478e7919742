"""Throwaway infrastructure for the reliability tests: a private redis-server that can be stopped
and started again on the same port, and Celery workers pointed at it.

The machine's Redis (127.0.0.1:6379) is shared with other test runs and is never stopped here; a
worker with a short visibility timeout would also restore other runs' unacknowledged messages, so
tests that kill workers use a private Redis instead.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis

from config.celery import app

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server subprocess without persistence: a restart starts empty, as after a crash."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--protected-mode", "no"]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    pytest.fail(f"redis-server did not start on port {self.port}")
                time.sleep(0.05)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


class Worker:
    def __init__(self, process: subprocess.Popen, log: Path):
        self.process = process
        self.log = log

    def kill(self) -> None:
        """SIGKILL: no chance to ack, reject or clean up, like an OOM kill."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextlib.contextmanager
def table_locked(model):
    """Hold a SHARE lock on a model's table from a connection of its own: reads go on, but a
    worker writing a row waits in the database. A build caught in the middle, with no hook in the
    app. (Not an exclusive lock: the test's own commits check foreign keys against the table.)"""
    import psycopg

    with psycopg.connect(database_url()) as connection:
        connection.execute(f'LOCK TABLE "{model._meta.db_table}" IN SHARE MODE')
        try:
            yield
        finally:
            connection.rollback()


def start_worker(*, broker_url: str, queue: str, log: Path, **env: str) -> Worker:
    """A solo-pool worker consuming only `queue` on `broker_url`, writing to the test database."""
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": database_url(),
        "REDIS_URL": broker_url,
        "CELERY_QUEUE": queue,
    }
    environment |= env
    handle = log.open("a")
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo"]
    command += ["--queues", queue, "--loglevel=INFO", "--without-gossip", "--without-mingle"]
    command += ["--hostname", f"{uuid.uuid4().hex[:8]}@%h"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=handle, stderr=subprocess.STDOUT
    )
    handle.close()
    start = log.read_text().count(" ready.")
    deadline = time.monotonic() + 30
    while log.read_text().count(" ready.") <= start:
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"the Celery worker did not start:\n{log.read_text()}")
        time.sleep(0.1)
    return Worker(process, log)


def reset_producer_pools() -> None:
    app._pool = None
    with contextlib.suppress(AttributeError, KeyError):
        app.__dict__["amqp"]._producer_pool = None


@contextlib.contextmanager
def app_publishing_to(broker_url: str, queue: str):
    """Make this process's Celery app publish to `broker_url` / `queue`, for real (not eager)."""
    saved = (app.conf.broker_url, app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.broker_url = broker_url
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    reset_producer_pools()
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.task_always_eager, app.conf.task_default_queue = saved
        reset_producer_pools()


def new_queue() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"
