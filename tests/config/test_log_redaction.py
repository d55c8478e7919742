"""No log line carries a capability token: Django's own lines for every status of the feedback
pages, a 500's traceback, and gunicorn's access log (config/logredact.py, gunicorn.conf.py)."""

import logging
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from config.logredact import redact
from interviews.reports import selectors, services
from interviews.reports.models import FeedbackLink
from tests.conftest import ROOT, database_url_for_processes
from tests.reports.builders import built_interview
from tests.reports.infra import free_port

UNKNOWN = "Zq" * 21 + "x"


@pytest.fixture
def links(cast):
    """A live link, an expired one and a revoked one, by token."""
    _, report = built_interview([cast.ada], [3, 2])

    def link():
        expires_at = timezone.now() + timedelta(days=1)
        return services.feedback_link_create(
            report=report, created_by=cast.manager, expires_at=expires_at, share_level=False
        )

    live, expired, revoked = link(), link(), link()
    FeedbackLink.objects.filter(pk=expired[0].pk).update(
        created_at=timezone.now() - timedelta(days=20), expires_at=timezone.now() - timedelta(1)
    )
    services.feedback_link_revoke(link=revoked[0], revoked_by=cast.manager)
    return {"live": live[1], "expired": expired[1], "revoked": revoked[1]}


def logged_text(caplog) -> str:
    return "\n".join(
        logging.Formatter("%(name)s %(message)s").format(record) for record in caplog.records
    )


def test_no_status_of_the_feedback_pages_logs_its_token(client, settings, links, caplog):
    settings.FEEDBACK_LINK_READS_PER_MINUTE = 5
    settings.LINK_GUESS_BUDGET = 2
    statuses = set()
    with caplog.at_level(logging.DEBUG):
        for token in [*links.values(), UNKNOWN, "short"] * 3:
            for name in ("reports:feedback", "reports:feedback_pdf"):
                path = reverse(name, args=[token])
                statuses.add(client.get(path, REMOTE_ADDR="203.0.113.7").status_code)
                statuses.add(client.get(f"{path}?token={token}").status_code)
    assert statuses == {200, 404, 410, 429}
    text = logged_text(caplog)
    for token in [*links.values(), UNKNOWN]:
        assert token not in text
    assert "Not Found: /feedback/[redacted]/" in text
    assert "Gone: /feedback/[redacted]/" in text
    assert "Too Many Requests: /feedback/[redacted]/pdf" in text


def test_a_500_on_a_feedback_page_logs_no_token(client, links, caplog, monkeypatch):
    def broken(digest):
        raise RuntimeError(f"lookup failed for /feedback/{links['live']}/")

    monkeypatch.setattr(selectors, "feedback_link_by_hash", broken)
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR):
        response = client.get(reverse("reports:feedback", args=[links["live"]]))
    assert response.status_code == 500
    assert "Internal Server Error: /feedback/[redacted]/" in caplog.text
    assert all(links["live"] not in (record.exc_text or "") for record in caplog.records)
    assert links["live"] not in caplog.text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("GET /feedback/abc_DEF-1/ HTTP/1.1", "GET /feedback/[redacted]/ HTTP/1.1"),
        ("/feedback/abc/pdf?x=abc", "/feedback/[redacted]/pdf?[redacted]"),
        ("Not Found: /FEEDBACK/abc", "Not Found: /FEEDBACK/[redacted]"),
        ("https://loupe.example.com/room/tok'", "https://loupe.example.com/room/[redacted]'"),
        ("/feedback-links/12/revoke", "/feedback-links/12/revoke"),
        ("/feedback/", "/feedback/"),
    ],
)
def test_redact_replaces_only_the_token_and_query(line, expected):
    assert redact(line) == expected


@pytest.mark.django_db(transaction=True)
def test_gunicorns_access_log_carries_no_token(tmp_path, settings):
    port, log = free_port(), tmp_path / "access.log"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": database_url_for_processes(),
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers", "1"]
    command += ["--bind", f"127.0.0.1:{port}", "--access-logfile", str(log)]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/%66eedback/{UNKNOWN}/?token={UNKNOWN}"
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url, timeout=5)
            except urllib.error.HTTPError as error:
                assert error.code in (404, 429)  # the server's guessing budget is shared
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, (
                    "gunicorn did not start"
                )
                time.sleep(0.2)
        deadline = time.monotonic() + 10
        while "GET" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=15)
    text = log.read_text()
    assert '"GET /feedback/[redacted]/ HTTP/1.1" 4' in text
    assert UNKNOWN not in text
