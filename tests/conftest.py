"""The fixed cast and the real-infrastructure fixtures every test file shares."""

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests import factories

ROOT = Path(__file__).resolve().parent.parent


def under_ci() -> bool:
    """Whether a missing tool fails instead of skipping: CI set to anything but a false value
    (CI=false or CI= is a local run)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no", "off")


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture
def cast(db):
    """A curator, two interviewers who are not on each other's interviews, a hiring manager.

    The anonymous visitor is a plain `client` with nobody logged in.
    """
    return SimpleNamespace(
        curator=factories.curator(),
        ada=factories.interviewer("ada", "Ada"),
        grace=factories.interviewer("grace", "Grace"),
        manager=factories.hiring_manager(),
        password=factories.PASSWORD,
    )


@pytest.fixture(autouse=True)
def private_rate_limits(settings):
    """Each test counts in its own rate-limit buckets on the shared Redis, removed afterwards."""
    import redis

    prefix = f"loupe-test:{uuid.uuid4().hex[:12]}"
    settings.RATELIMIT_KEY_PREFIX = prefix
    url = settings.REDIS_URL
    yield prefix
    if url:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        try:
            keys = list(client.scan_iter(f"{prefix}:*"))
            if keys:
                client.delete(*keys)
        except redis.RedisError:
            pass


@pytest.fixture(autouse=True)
def cold_rubric_cache():
    """The rubric caches are process-wide: every test starts and ends with them empty, so query
    counts are the cold, worst case and no test sees another's ids."""
    from interviews.rubrics import clear_caches

    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def pdf_stand_in(monkeypatch):
    """For tests about something other than PDFs: a report's build stores a stand-in for each of
    its PDFs instead of spending a second or two on each in WeasyPrint. The tests of the PDFs
    themselves (tests/reports/test_report_pdf.py, test_documents.py, test_feedback_page.py) render
    them for real."""
    from interviews.reports import pdf

    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: b"%PDF-1.7\n% a stand-in\n")


@pytest.fixture
def interview(cast):
    """A live interview on a 3-question kit; Ada leads, Grace sits on the panel."""
    from tests.interviews.builders import make_interview

    return make_interview([cast.ada, cast.grace])


def database_url_for_processes() -> str:
    """The test database, for processes the tests start (a worker, a server)."""
    from django.db import connection

    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker(transactional_db, tmp_path):
    """A real Celery worker process consuming from the real Redis, writing to the test database.

    It gets a queue of its own, and the test process stops running tasks eagerly while it lives.
    """
    from django.conf import settings

    from config.celery import app

    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": database_url_for_processes(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_QUEUE": queue,
    }
    log_path = tmp_path / "celery-worker.log"
    log = log_path.open("w")
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo"]
    command += ["--queues", queue, "--loglevel=INFO", "--without-gossip", "--without-mingle"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    saved = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    worker = SimpleNamespace(process=process, queue=queue, log=log_path)
    try:
        deadline = time.monotonic() + 30
        while " ready." not in log_path.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the Celery worker did not start:\n{log_path.read_text()}")
            time.sleep(0.1)
        yield worker
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = saved
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()


def wait_for(predicate, timeout: float = 15.0, interval: float = 0.1):
    """Poll until predicate() is truthy; return its value or fail with the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout}s")


@pytest.fixture(scope="session")
def chromium(request):
    """Playwright's Chromium is Debian's. Missing: a skip locally, a failure under CI."""
    if not shutil.which(CHROMIUM):
        if under_ci():
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs it (apt chromium)")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    request.addfinalizer(lambda: os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login_in_browser(live_server):
    """Log a user in through the real login page."""

    def login(page, user, password: str = factories.PASSWORD):
        page.goto("/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda url: "/login/" not in url)
        return page

    return login
