"""`make bench`: the load benchmark on the production shape (gunicorn, PostgreSQL, Redis).

(Long on purpose: one run from set-up to clean-up, in the order it happens, so that what a figure
means can be read top to bottom; the generator, the report and the probes are modules of their own.)

    python -m bench.run [--interviews 10000] [--seconds 30] [--worker-class gthread] ...

1. Creates its own database (loupe_bench_run) and empties its own Redis database (5), migrates,
   collects static files into a temporary directory and generates the completed interviews
   (generate_synthetic_interviews), then the HTTP fixtures (bench/fixtures.py).
2. Times calibration_refresh() directly, best of 3.
3. Starts gunicorn with BENCHMARK=1 DEBUG=0 HTTPS=0 on 127.0.0.1, HAProxy in front of it on
   production's config (bench/proxy.py; --no-proxy to leave it out), and runs the open-model load
   generator (bench/loadgen.py) in its own process against: the floor (POST /bench/floor), the
   rating POST of 50 interviewers, the console GET, the candidate feedback GET, the calibration
   page; then steps the floor and the rating POST up to saturation, and offers the rating POST
   1.3x and 2x its saturation throughput (the goodput past saturation).
4. Writes bench/results.json, prints the table and the verdicts against the targets.
5. Whatever happens (failure, Ctrl-C, SIGTERM): stops gunicorn and the generator, drops the
   database (unless --keep-db), empties Redis database 5, removes the temporary directory.
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench import diskprobe, proxy
from bench.report import PAGES, report, verdicts

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/5"
DATABASE = "loupe_bench_run"
# Safety on a shared server: this script drops its database WITH (FORCE); only names of its own.
OWN_DATABASE = re.compile(r"^loupe_bench_run\w*$")
INTERVIEWERS = 50
QUESTIONS = 20
CLICK_SECONDS = 2.0
CORES = os.cpu_count() or 1
START_SECONDS = 90
PAD_ROOMS = 100

# Worker model: sync, 2 * cores + 1 workers. Measured on this 2-core machine (PostgreSQL, Redis
# and the load generator on the same cores, other test suites running), alternating the models on
# the same data, saturation steps of 6-8 s; best successful req/s of each run:
#   rating POST  sync: 182, 251, 204, 124, 199     gthread x 2: 100, 170, 156, 50, 75, 237
#   floor        sync: 450, 533, 396, 443, >599    gthread x 2: 739, 377, 475, 734, 311, >599
#   (gthread x 1, two runs: rating POST 199, 247; floor >599 twice; gthread x 4, one run: 100)
# Half the gthread x 2 runs collapsed on the rating POST at 75-100 req/s (multi-second stalls,
# timeouts) while the floor just before and after was fine; no sync run did. Why: the rating POST
# is mostly Python on the CPU (~5 ms a request then: four queries' ORM work, the form, the
# fragment; see bench/README.md for what it costs since the write became one statement), so
# two threads of one worker mostly take turns on one GIL while a request holds its place in that
# worker's queue; and with keep-alive each client connection stays pinned to the worker that
# accepted it, so a worker slowed down (by a burst elsewhere on the machine) keeps its queue while
# the others idle. A sync worker takes one request per connection and the kernel hands each new
# connection to whichever worker is free. Threads win on the floor (~1 ms of Python, so the TCP
# handshake that keep-alive saves is a large share of it), which is not the app's workload. Sync
# workers expect a buffering proxy in front for slow clients: the production shape anyway.
# Compare with --worker-class gthread --threads N.
WORKER_CLASS = "sync"
THREADS = 2
WORKERS = 2 * CORES + 1


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Loupe load benchmark (make bench)")
    parser.add_argument("--interviews", type=int, default=10_000, help="completed interviews")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each fixed phase")
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default=WORKER_CLASS)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--threads", type=int, default=THREADS, help="gthread only")
    parser.add_argument(
        "--port", type=int, default=0, help="what the generator reaches (the proxy); 0: a free port"
    )
    parser.add_argument(
        "--proxy",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="HAProxy in front, on deploy/haproxy.cfg, as in production",
    )
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--redis", default=REDIS_URL)
    parser.add_argument("--console-rps", type=float, default=10.0)
    parser.add_argument("--calibration-rps", type=float, default=5.0)
    parser.add_argument("--feedback-rps", type=float, default=1.0)
    parser.add_argument("--api-rps", type=float, default=20.0)
    parser.add_argument(
        "--saturation-rates",
        # Steps of about 25%: a target's saturation throughput is known to within one step.
        default="50,63,80,100,125,160,200,250,315,400,500,630,800,1000,1250,1600,2000",
        help="offered req/s per step",
    )
    parser.add_argument("--step-seconds", type=float, default=10.0)
    parser.add_argument(
        "--overload-factors",
        default="1.3,2",
        help="past saturation: the rating POST offered these multiples of its saturation rps",
    )
    parser.add_argument(
        "--pad",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="the pad phase (issue 16): rooms on uvicorn, stepped up from --pad-rooms",
    )
    parser.add_argument("--pad-rooms", type=int, default=PAD_ROOMS)
    parser.add_argument("--pad-seconds", type=float, default=30.0)
    parser.add_argument("--pad-max-rooms", type=int, default=600, help="where the step-up stops")
    # docker-compose.yml's asgi service runs uvicorn with two workers.
    parser.add_argument("--pad-workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--keep-db", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse-db", action="store_true", help="reuse a kept database (skip data generation)"
    )
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if not OWN_DATABASE.match(args.database):
        parser.error("--database must start with loupe_bench_run (it is dropped afterwards)")
    if args.redis.rstrip("/").rsplit("/", 1)[-1] in ("", "0") or "127.0.0.1" not in args.redis:
        parser.error("--redis must name a database of its own on 127.0.0.1 (it is emptied)")
    if args.interviews < 1 or args.seconds <= 0 or args.step_seconds <= 0:
        parser.error("--interviews, --seconds and --step-seconds must be positive")
    args.rates = [float(rate) for rate in args.saturation_rates.split(",") if rate.strip()]
    args.overload = [float(f) for f in args.overload_factors.split(",") if f.strip()]
    if any(factor <= 1 or factor > 5 for factor in args.overload):
        parser.error("--overload-factors: each above 1 and at most 5")
    if args.proxy and proxy.executable() is None:
        parser.error("haproxy is missing: apt-get install haproxy (or run with --no-proxy)")
    if not args.rates or len(args.rates) > 20 or max(args.rates) > 5000:
        parser.error("--saturation-rates: 1 to 20 steps, each at most 5000 req/s")
    return args


def say(text: str) -> None:
    print(f"[bench] {text}", flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


class Bench:
    """One run; every resource it starts is recorded here so that cleanup() can undo it."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="loupe-bench-"))
        self.database_url = f"{POSTGRES}/{args.database}"
        # The generator reaches the proxy, the proxy gunicorn (without one: gunicorn directly).
        self.port = args.port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.gunicorn_port = free_port() if args.proxy else self.port
        self.gunicorn_url = f"http://127.0.0.1:{self.gunicorn_port}"
        self.gunicorn: subprocess.Popen | None = None
        self.haproxy: subprocess.Popen | None = None
        self.loadgen: subprocess.Popen | None = None
        self.diskprobe: subprocess.Popen | None = None
        self.pad: subprocess.Popen | None = None
        self.database_created = False
        self.django_ready = False
        self.notes: list[str] = []

    # --- environment, database, Redis ----------------------------------------------------------

    def environment(self) -> None:
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "bench.settings",
                "DATABASE_URL": self.database_url,
                "REDIS_URL": self.args.redis,
                "BENCHMARK": "1",
                "DEBUG": "0",
                "HTTPS": "0",
                "ALLOWED_HOSTS": "127.0.0.1",
                # As in production behind the proxy: the client is its X-Forwarded-For entry, and
                # its X-Request-Start is read (QUEUE_BUDGET_MS, the settings' default).
                "TRUSTED_PROXY_HOPS": "1" if self.args.proxy else "0",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "BENCH_STATIC_ROOT": str(self.tmp / "static"),
                "LOG_LEVEL": "WARNING",
                # The API phase is measured, not its key's rate limit (tests/api/test_keys.py).
                "API_RATE_PER_MINUTE": "1000000",
                "API_RATE_BURST": "1000000",
                # Each run's broker messages (the report request's enqueue) stay in its Redis db.
                "CELERY_QUEUE": "bench",
            }
        )

    def admin_sql(self, *statements) -> None:
        import psycopg

        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def database_exists(self) -> bool:
        import psycopg

        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            row = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [self.args.database]
            ).fetchone()
        return row is not None

    def create_database(self) -> bool:
        """True when the data must be generated (a new database)."""
        from psycopg import sql

        name = sql.Identifier(self.args.database)
        if self.args.reuse_db and self.database_exists():
            say(f"reusing database {self.args.database}")
            self.database_created = True
            return False
        self.admin_sql(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name),
            sql.SQL("CREATE DATABASE {}").format(name),
        )
        self.database_created = True
        say(f"created database {self.args.database}")
        return True

    def redis_flush(self) -> None:
        import redis

        client = redis.Redis.from_url(self.args.redis, socket_connect_timeout=2, socket_timeout=5)
        client.flushdb()
        client.close()

    # --- data ----------------------------------------------------------------------------------

    def prepare(self) -> dict:
        import django

        django.setup()
        self.django_ready = True
        from django.core.management import call_command

        from bench import fixtures

        generate = self.create_database()
        self.redis_flush()
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if generate:
            started = time.perf_counter()
            say(f"generating {self.args.interviews} completed interviews (synthetic)")
            call_command("generate_synthetic_interviews", interviews=self.args.interviews)
            say(f"data generated in {time.perf_counter() - started:.0f} s")
        made = fixtures.build(
            tag=secrets.token_hex(3), interviewers=INTERVIEWERS, questions=QUESTIONS
        )
        say(
            f"{INTERVIEWERS} interviewers on live {QUESTIONS}-question interviews, a manager, "
            f"feedback link: {made.feedback_note}"
        )
        return made.as_dict()

    def time_calibration(self) -> dict:
        from django.db import connection

        from interviews.calibration.services import calibration_refresh

        runs = []
        last = None
        for _ in range(3):
            started = time.perf_counter()
            last = calibration_refresh()
            runs.append(round(time.perf_counter() - started, 3))
        say(
            f"calibration_refresh(): {runs} s "
            f"({last.interviews} interviews, {last.ratings} ratings)"
        )
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            (postgres_version,) = cursor.fetchone()
        return {
            "best": min(runs),
            "runs": runs,
            "interviews": last.interviews,
            "ratings": last.ratings,
            "postgresql": postgres_version,
        }

    def settle_database(self) -> None:
        """VACUUM (ANALYZE) and CHECKPOINT before the load, as pgbench does before its runs. The
        data was just written: without this, autovacuum's pass over half a million new rows and
        the checkpoint that flushes them land on whichever phase happens to be running."""
        from django.db import DatabaseError, connection

        started = time.perf_counter()
        try:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
                cursor.execute("CHECKPOINT")
        except DatabaseError as error:  # CHECKPOINT needs a superuser or pg_checkpoint
            self.notes.append(f"the database was not settled before the load: {error}")
            return
        took = time.perf_counter() - started
        say(f"database vacuumed, analysed and checkpointed in {took:.0f} s")

    def feedback_plan(self) -> tuple[float, float]:
        """The feedback link is rate limited per link (FEEDBACK_LINK_READS_PER_MINUTE, from the
        environment): keep the whole phase within its bucket."""
        from django.conf import settings

        capacity = settings.FEEDBACK_LINK_READS_PER_MINUTE
        refill = capacity / 60
        rate = self.args.feedback_rps
        seconds = self.args.seconds + 10
        margin = 5  # tokens left over for the warm-up and rounding
        if rate > refill:
            seconds = min(seconds, (capacity - margin) / (rate - refill))
        seconds = max(1.0, seconds)
        self.notes.append(
            f"feedback_get: kept within the link's read limit FEEDBACK_LINK_READS_PER_MINUTE="
            f"{capacity}: {rate:g} req/s for {seconds:.0f} s on one link."
        )
        return rate, seconds

    # --- processes -----------------------------------------------------------------------------

    def start_gunicorn(self) -> None:
        args = self.args
        command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
        # The listen backlog is gunicorn.conf.py's (short: the proxy queues, see there).
        command += ["--bind", f"127.0.0.1:{self.gunicorn_port}", "--workers", str(args.workers)]
        command += ["--worker-class", args.worker_class]
        if args.worker_class == "gthread":
            command += ["--threads", str(args.threads)]
        command += ["--timeout", "30", "--graceful-timeout", "5", "--keep-alive", "5"]
        command += ["--error-logfile", str(self.tmp / "gunicorn.log"), "--log-level", "warning"]
        # Its own session (process group), so that cleanup can stop it and its workers together.
        self.gunicorn = subprocess.Popen(command, cwd=ROOT, env=os.environ, start_new_session=True)  # noqa: S603
        # Workers load Django on their first request; on a loaded shared machine five of them at
        # once have taken over 30 s.
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.gunicorn.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.gunicorn.returncode}):\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.gunicorn_url}/healthz", timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        say(f"gunicorn up at {self.gunicorn_url}: {self.server_label()}")
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.25)
        raise RuntimeError(
            f"gunicorn did not answer /healthz within {START_SECONDS} s:\n{self.log()}"
        )

    def proxy_maxconn(self) -> int:
        """Requests in flight to gunicorn: twice what it serves at once, as in compose."""
        threads = self.args.threads if self.args.worker_class == "gthread" else 1
        return 2 * self.args.workers * threads

    def start_proxy(self) -> None:
        """HAProxy on deploy/haproxy.cfg in front of gunicorn: the queue, the fast 503s past it
        and the X-Request-Start the app's budget reads are production's (bench/proxy.py)."""
        if not self.args.proxy:
            self.notes.append(
                "no front proxy (--no-proxy): the generator reached gunicorn directly"
            )
            return
        env = proxy.environment(
            listen=f"127.0.0.1:{self.port}",
            web=f"127.0.0.1:{self.gunicorn_port}",
            maxconn=self.proxy_maxconn(),
            allowed_host="127.0.0.1",
        )
        self.haproxy = proxy.start(proxy.executable(), env, log=None)
        proxy.wait_until_serving(self.haproxy, self.base_url)
        say(f"HAProxy up at {self.base_url} (deploy/haproxy.cfg, WEB_MAXCONN={env['WEB_MAXCONN']})")

    def start_diskprobe(self) -> None:
        """bench/diskprobe.py for the length of the load, in this run's temporary directory."""
        from django.db import DatabaseError, connection

        out = self.tmp / "flushes.csv"
        command = [sys.executable, "-m", "bench.diskprobe", str(self.tmp), str(out)]
        self.diskprobe = subprocess.Popen(command, cwd=ROOT)  # noqa: S603
        try:
            with connection.cursor() as cursor:
                cursor.execute("SHOW data_directory")  # a superuser's or pg_read_all_settings'
                (data_directory,) = cursor.fetchone()
        except DatabaseError:
            data_directory = None
        same = diskprobe.same_device(self.tmp, data_directory) if data_directory else None
        where = {
            True: "the filesystem of PostgreSQL's data directory",
            False: f"another filesystem than PostgreSQL's data directory ({data_directory})",
            None: "a filesystem not compared with PostgreSQL's data directory (not readable)",
        }[same]
        self.notes.append(
            f"disk_flush: an 8 KB write + fdatasync every 0.1 s during the load, on {where}; "
            "every commit waits for such a flush of the WAL"
        )

    def server_label(self) -> str:
        threads = f" x {self.args.threads} threads" if self.args.worker_class == "gthread" else ""
        return f"{self.args.workers} {self.args.worker_class} workers{threads}"

    def log(self, lines: int = 40) -> str:
        path = self.tmp / "gunicorn.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def run_loadgen(self, plan: dict) -> dict:
        plan_path, results_path = self.tmp / "plan.json", self.tmp / "loadgen.json"
        plan_path.write_text(json.dumps(plan))
        command = [sys.executable, "-m", "bench.loadgen", str(plan_path), str(results_path)]
        self.loadgen = subprocess.Popen(command, cwd=ROOT)  # noqa: S603
        # Bounded: the fixed phases, every saturation step twice, their drains and settles.
        settings = plan["settings"]
        budget = 120 + 5 * (settings["seconds"] + 40) + settings["feedback_seconds"]
        budget += 2 * len(settings["saturation_rates"]) * (settings["step_seconds"] + 30)
        budget += len(settings["overload_factors"]) * (settings["step_seconds"] + 30)
        code = self.loadgen.wait(timeout=budget)
        if code != 0:
            raise RuntimeError(f"the load generator failed ({code})")
        return json.loads(results_path.read_text())

    def run_pad(self) -> dict | None:
        """The pad phase (bench_pad, issue 16): it makes its rooms in this database, starts
        uvicorn on it (its own process group, so its CPU is the `server` of cpu_ms_per_update)
        and drives the sockets from its own process, stepping the room count up until p95 > 100
        ms or a text is lost. Run after the HTTP phases, with gunicorn idle."""
        args = self.args
        if not args.pad:
            self.notes.append("pad phase: not run (--no-pad)")
            return None
        out = self.tmp / "pad.json"
        command = [sys.executable, "manage.py", "bench_pad", "--rooms", str(args.pad_rooms)]
        command += ["--step", "--max-rooms", str(args.pad_max_rooms)]
        command += ["--seconds", str(args.pad_seconds), "--workers", str(args.pad_workers)]
        command += ["--json-out", str(out)]
        say(f"pad phase: {args.pad_rooms} rooms and up, {args.pad_workers} uvicorn workers")
        self.pad = subprocess.Popen(command, cwd=ROOT, env=os.environ)  # noqa: S603
        steps = 1 + sum(1 for c in (150, 200, 300, 400, 600, 800) if c <= args.pad_max_rooms)
        code = self.pad.wait(timeout=300 + steps * (args.pad_seconds + 90))
        if code != 0:
            raise RuntimeError(f"the pad phase failed ({code})")
        return json.loads(out.read_text())

    # --- cleanup -------------------------------------------------------------------------------

    def stop(self, process: subprocess.Popen | None, *, group: bool) -> None:
        if process is None or process.poll() is not None:
            return
        try:
            if group:
                os.killpg(process.pid, signal.SIGTERM)
            else:
                process.terminate()
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            if group:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
            process.wait(timeout=5)
        except ProcessLookupError:
            pass

    def cleanup(self) -> None:
        # A second Ctrl-C must not cut the cleanup short.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        steps = [
            ("stop the load generator", lambda: self.stop(self.loadgen, group=False)),
            ("stop the pad phase", lambda: self.stop(self.pad, group=False)),
            ("stop the disk probe", lambda: self.stop(self.diskprobe, group=False)),
            ("stop HAProxy", lambda: self.stop(self.haproxy, group=True)),
            ("stop gunicorn", lambda: self.stop(self.gunicorn, group=True)),
            ("close database connections", self.close_connections),
            ("drop the database", self.drop_database),
            ("empty Redis", self.redis_flush),
            ("remove the temporary directory", lambda: shutil.rmtree(self.tmp, True)),
        ]
        for label, step in steps:
            try:
                step()
            except Exception as error:  # every step runs, whatever failed before it
                say(f"cleanup: could not {label}: {type(error).__name__}: {error}")
        signal.signal(signal.SIGINT, previous)

    def close_connections(self) -> None:
        if self.django_ready:
            from django.db import connections

            connections.close_all()

    def drop_database(self) -> None:
        if not self.database_created:
            return
        if self.args.keep_db:
            say(f"kept database {self.args.database} (--keep-db)")
            return
        from psycopg import sql

        name = sql.Identifier(self.args.database)
        self.admin_sql(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        say(f"dropped database {self.args.database}")

    # --- the run -------------------------------------------------------------------------------

    def run(self) -> dict:
        args = self.args
        self.environment()
        load_start = load_average()
        say(f"load average at start: {load_start} on {CORES} cores")
        made = self.prepare()
        calibration = self.time_calibration()
        self.settle_database()
        feedback_rps, feedback_seconds = self.feedback_plan()
        self.start_diskprobe()
        self.close_connections()
        self.start_gunicorn()
        self.start_proxy()
        load_before = load_average()
        plan = {
            "base_url": self.base_url,
            "server_group": self.gunicorn.pid,  # a group leader: start_new_session
            "proxy_group": self.haproxy.pid if self.haproxy else None,  # so is HAProxy
            "fixtures": made,
            "settings": {
                "seconds": args.seconds,
                "timeout": 10.0,
                "rating_rps": INTERVIEWERS / CLICK_SECONDS,
                "console_rps": args.console_rps,
                "calibration_rps": args.calibration_rps,
                "api_rps": args.api_rps,
                "feedback_rps": feedback_rps,
                "feedback_seconds": feedback_seconds,
                "saturation_rates": args.rates,
                "overload_factors": args.overload,
                "overload_targets": ["rating_post"],
                "step_seconds": args.step_seconds,
                "step_timeout": 5.0,
                "p99_explodes_ms": 1000.0,
                "plateau_fraction": 0.9,
                "lag_limit_ms": 250.0,
                "connections": 1000,
            },
        }
        if not made["feedback_path"]:
            self.notes.append(f"feedback_get: not measured ({made['feedback_note']})")
        measured = self.run_loadgen(plan)
        load_pad = load_average()
        pad = self.run_pad()
        if self.diskprobe is not None and self.diskprobe.poll() is not None:
            self.notes.append(
                f"disk_flush: the probe stopped early (exit code {self.diskprobe.returncode}); "
                "its figures cover only part of the load"
            )
        self.stop(self.diskprobe, group=False)
        diskprobe.annotate(measured, diskprobe.read_samples(self.tmp / "flushes.csv"))
        load_end = load_average()
        errors_logged = self.log(60)
        made = self.results(
            measured, calibration, load=(load_start, load_before, load_end), log=errors_logged
        )
        if pad is not None:
            made.update(pad_results(pad, load_pad))
            made["targets"] = verdicts(made)
        return made

    def results(self, measured: dict, calibration: dict, *, load: tuple, log: str) -> dict:
        phases, saturation = measured["phases"], measured["saturation"]
        results: dict = {}
        for name in PAGES:
            if name in phases:
                results[name] = phases[name]
        for name in ("floor", "rating_post"):
            results[name]["saturation_rps"] = saturation[name]["rps"]
            results[name]["saturation_stopped"] = saturation[name]["stopped"]
            results[name]["saturation_cpu_ms_per_request"] = saturation[name]["cpu_ms_per_request"]
            results[name]["overload"] = saturation[name].get("overload", [])
        floor_rps = saturation["floor"]["rps"]
        ratio = saturation["rating_post"]["rps"] / floor_rps if floor_rps else None
        results["rating_to_floor_ratio"] = round(ratio, 3) if ratio is not None else None
        results["calibration_refresh_s"] = calibration["best"]
        results["calibration_refresh_runs_s"] = calibration["runs"]
        results["interviews"] = calibration["interviews"]
        results["ratings"] = calibration["ratings"]
        results["machine"] = {
            "cores": CORES,
            "python": platform.python_version(),
            "postgresql": calibration["postgresql"],
            "platform": platform.platform(),
            "load_average_start": load[0],
            "load_average_before_load": load[1],
            "load_average_end": load[2],
        }
        results["server"] = {
            "gunicorn_worker_class": self.args.worker_class,
            "workers": self.args.workers,
            "threads": self.args.threads if self.args.worker_class == "gthread" else 1,
            "proxy": f"HAProxy, deploy/haproxy.cfg, WEB_MAXCONN={self.proxy_maxconn()}"
            if self.args.proxy
            else None,
        }
        results["saturation"] = {
            name: {"stopped": value["stopped"], "steps": value["steps"]}
            for name, value in saturation.items()
        }
        results["targets"] = verdicts(results)
        results["notes"] = self.notes
        if log.strip():
            results["gunicorn_log_tail"] = log
        return results


def pad_results(pad: dict, load_before: list[float]) -> dict:
    """pad_latency: the first step (the issue's 100 rooms); pad_steps: every step taken."""
    steps = pad["steps"]
    return {
        "pad_latency": steps[0] if steps else None,
        "pad_steps": steps,
        "pad_max_rooms": pad["pad_max_rooms"],
        "pad_server": f"uvicorn, {pad['workers']} workers, reached directly (no proxy)",
        "pad_load_average_before": load_before,
    }


def terminate(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Ctrl-C and SIGTERM both end in cleanup(), even when started with SIGINT ignored (a
    # background job of a non-interactive shell).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, terminate)
    bench = Bench(args)
    try:
        results = bench.run()
    except KeyboardInterrupt:
        say("interrupted; cleaning up")
        return 130
    finally:
        bench.cleanup()
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(results, indent=2) + "\n")
    print(report(results))
    say(f"results written to {args.results}")
    if results.get("gunicorn_log_tail"):
        say("gunicorn logged errors or warnings; see gunicorn_log_tail in the results")
    missed = [verdict for verdict in results["targets"] if not verdict["pass"]]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
