"""Time the webhook fan-out: N events to M endpoints, through real Celery workers, to receivers
on 127.0.0.1 that answer 204. Printed, never a timed test (target: 1,000 events to 3 endpoints
delivered within 60 s).

    python manage.py bench_webhooks [--events 1000] [--endpoints 3] [--concurrency 4]

Needs the real stack (DATABASE_URL on PostgreSQL, REDIS_URL): the workers are processes of their
own, started here (prefork, on a queue of their own) and stopped at the end. Each event is written
as the receivers write one (event_record in its own transaction, handed to the broker on commit),
announcing the newest interview in the database, so that the payloads are built for real. The
endpoints, events, deliveries and attempts it creates are deleted at the end; it refuses to run
while other endpoints are active, which would be sent the events too.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import override_settings

from config.celery import app
from interviews.models import Interview
from interviews.webhooks.models import Delivery, Endpoint, Event, EventType
from interviews.webhooks.services import event_record
from interviews.webhooks.tasks import deliveries_enqueue_on_commit

ROOT = Path(__file__).resolve().parents[3]
TARGET_SECONDS = 60.0


class Counting(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def write_events(count: int, writers: int, interview_id: int) -> None:
    """Write `count` events from `writers` threads (each with its own database connection), as
    concurrent requests would: each in its own transaction, handed to the broker on commit."""

    def write(share: int) -> None:
        try:
            for _ in range(share):
                with transaction.atomic():
                    deliveries_enqueue_on_commit(
                        event_record(
                            event_type=EventType.INTERVIEW_SCHEDULED, interview_id=interview_id
                        )
                    )
        finally:
            connection.close()

    shares = [count // writers + (1 if n < count % writers else 0) for n in range(writers)]
    threads = [threading.Thread(target=write, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


class Command(BaseCommand):
    help = "Time N webhook events fanned out to M local endpoints through real workers."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=1000)
        parser.add_argument("--endpoints", type=int, default=3)
        # Each attempt mostly waits (on the database's commits and the receiver), so more
        # processes than cores.
        parser.add_argument("--concurrency", type=int, default=8, help="worker processes")
        parser.add_argument("--writers", type=int, default=4, help="threads writing events")
        parser.add_argument("--timeout", type=float, default=300.0)

    def handle(self, *args, events: int, endpoints: int, concurrency: int, timeout: float, **opts):
        writers = opts.get("writers", 4)
        if connection.vendor != "postgresql" or not settings.REDIS_URL:
            raise CommandError("bench_webhooks needs DATABASE_URL (PostgreSQL) and REDIS_URL.")
        if Endpoint.objects.filter(is_active=True).exists():
            raise CommandError("Active endpoints exist: they would be sent the bench's events.")
        interview = Interview.objects.order_by("-id").first()
        if interview is None:
            raise CommandError("No interview to announce: seed the demo or schedule one first.")
        servers = [ThreadingHTTPServer(("127.0.0.1", 0), Counting) for _ in range(endpoints)]
        for server in servers:
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
        queue = f"bench-webhooks-{uuid.uuid4().hex[:8]}"
        workers = None
        created = [
            Endpoint.objects.create(
                url=f"http://127.0.0.1:{server.server_address[1]}/hook",
                description="bench_webhooks",
                events=[EventType.INTERVIEW_SCHEDULED],
            )
            for server in servers
        ]
        saved = (app.conf.task_always_eager, app.conf.task_default_queue)
        try:
            workers = self.start_workers(queue, concurrency)
            app.conf.task_always_eager, app.conf.task_default_queue = False, queue
            # The receivers are on 127.0.0.1; the workers are started with local addresses allowed.
            with override_settings(WEBHOOK_ALLOW_LOCAL_ADDRESSES=True):
                started = time.perf_counter()
                write_events(events, writers, interview.pk)
                written = time.perf_counter() - started
                expected = events * endpoints
                delivered = 0
                while delivered < expected:
                    if time.perf_counter() - started > timeout:
                        break
                    time.sleep(0.2)
                    delivered = Delivery.objects.filter(
                        endpoint__in=created, status=Delivery.Status.DELIVERED
                    ).count()
                elapsed = time.perf_counter() - started
            self.report(created, events, endpoints, concurrency, written, elapsed, delivered)
        finally:
            app.conf.task_always_eager, app.conf.task_default_queue = saved
            if workers is not None:
                workers.terminate()
                try:
                    workers.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    workers.kill()
            for server in servers:
                server.shutdown()
                server.server_close()
            Event.objects.filter(deliveries__endpoint__in=created).delete()
            Endpoint.objects.filter(pk__in=[endpoint.pk for endpoint in created]).delete()

    def start_workers(self, queue: str, concurrency: int) -> subprocess.Popen:
        db = connection.settings_dict
        env = os.environ | {
            "DATABASE_URL": (
                f"postgres://{db['USER']}{':' + db['PASSWORD'] if db['PASSWORD'] else ''}"
                f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
            ),
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_QUEUE": queue,
            "WEBHOOK_ALLOW_LOCAL_ADDRESSES": "1",
        }
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork"]
        command += [f"--concurrency={concurrency}", "--queues", queue, "--loglevel=WARNING"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        log = Path(tempfile.gettempdir()) / f"{queue}.log"
        with log.open("w") as handle:
            process = subprocess.Popen(  # noqa: S603 (our own interpreter and fixed arguments)
                command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT
            )
        self.stdout.write(f"workers: {concurrency} processes on queue {queue} (log: {log})")
        return process

    def report(self, created, events, endpoints, concurrency, written, elapsed, delivered):
        latencies = sorted(
            (delivery.delivered_at - delivery.event.created_at).total_seconds()
            for delivery in Delivery.objects.filter(
                endpoint__in=created, status=Delivery.Status.DELIVERED
            ).select_related("event")
        )
        expected = events * endpoints
        self.stdout.write(
            f"Webhook fan-out: {events} events x {endpoints} endpoints = {expected} deliveries, "
            f"{concurrency} worker processes"
        )
        self.stdout.write(f"  events written (one transaction each): {written:.1f} s")
        self.stdout.write(f"  delivered: {delivered} of {expected} in {elapsed:.1f} s")
        if latencies:
            p50 = statistics.median(latencies)
            p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
            self.stdout.write(
                f"  per delivery, event written to delivered: p50 {p50:.2f} s, p99 {p99:.2f} s"
            )
            self.stdout.write(f"  throughput: {delivered / elapsed:.0f} deliveries/s")
        within = delivered == expected and elapsed <= TARGET_SECONDS
        verdict = "met" if within else "NOT met"
        self.stdout.write(f"  target: all delivered within {TARGET_SECONDS:.0f} s: {verdict}")
