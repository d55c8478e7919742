"""deploy/haproxy.cfg, the front proxy: checked by HAProxy itself (`haproxy -c`) as compose and the
bench run it, then run in front of a stand-in for web to see what it tells the app, what it logs
and how it refuses what does not fit. Without HAProxy these tests skip, except under CI, where
they fail (.ci/run installs Debian's `haproxy`)."""

import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml

from bench import proxy
from config.middleware import request_started
from tests.conftest import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
DEFAULTED = re.compile(r"\$\{(\w+):[-?]([^}]*)\}")


@pytest.fixture(scope="module")
def haproxy() -> str:
    found = proxy.executable()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but haproxy is missing; .ci/run installs it (apt haproxy)")
        pytest.skip("haproxy is missing (apt-get install haproxy)")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def compose_environment() -> dict[str, str]:
    """The proxy service's environment as compose would pass it: ${NAME:-default} is its default,
    ${NAME:?message} (required) an example value."""
    resolved = {}
    for name, value in COMPOSE["services"]["proxy"]["environment"].items():
        text = str(value)
        resolved[name] = DEFAULTED.sub(
            lambda match: match.group(2) if ":-" in match.group(0) else "loupe.example.com", text
        )
    return resolved


def test_the_config_is_valid_as_compose_runs_it(haproxy, tmp_path):
    environment = compose_environment()
    certs = tmp_path / "certs"
    certs.mkdir()
    if shutil.which("openssl") is None:
        pytest.skip("openssl is missing: no certificate to check the TLS listener with")
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=loupe.example.com", "-keyout", str(tmp_path / "key.pem")),
            *("-out", str(tmp_path / "cert.pem")),
        ],
        check=True,
        capture_output=True,
    )
    pem = (tmp_path / "cert.pem").read_text() + (tmp_path / "key.pem").read_text()
    (certs / "loupe.pem").write_text(pem)
    # The checked-in certs directory holds only its .gitignore, which HAProxy must skip.
    shutil.copy(ROOT / "deploy" / "certs" / ".gitignore", certs / ".gitignore")
    environment |= {"PROXY_TLS_CERTS": f"{certs}/", "PROXY_HTTP_BIND": f":{free_port()}"}
    proxy.check(haproxy, os.environ | environment)


def test_the_config_is_valid_as_the_bench_runs_it(haproxy):
    env = proxy.environment(
        listen=f"127.0.0.1:{free_port()}", web="127.0.0.1:1", maxconn=10, allowed_host="127.0.0.1"
    )
    assert "PROXY_TLS_CERTS" not in env
    proxy.check(haproxy, env)


class StandIn(BaseHTTPRequestHandler):
    """What web would see: /echo answers the headers the app reads; /slow holds its slot."""

    protocol_version = "HTTP/1.0"
    slow_started = threading.Event()
    checked_with_hosts: set[str] = set()

    def do_GET(self):
        if self.path == "/healthz" and "urllib" not in self.headers.get("User-Agent", ""):
            StandIn.checked_with_hosts.add(self.headers.get("Host"))
        if self.path == "/slow":
            StandIn.slow_started.set()
            time.sleep(1.5)
        body = json.dumps(
            {
                "database": "ok",
                "forwarded_for": ",".join(self.headers.get_all("X-Forwarded-For") or []),
                "request_start": self.headers.get("X-Request-Start"),
                "proto": self.headers.get("X-Forwarded-Proto"),
                "host": self.headers.get("Host"),
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def front(haproxy, tmp_path_factory):
    """HAProxy on deploy/haproxy.cfg in front of the stand-in, which may hold one request."""
    web = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    port = free_port()
    env = proxy.environment(
        listen=f"127.0.0.1:{port}",
        web=f"127.0.0.1:{web.server_address[1]}",
        maxconn=1,
        allowed_host="loupe.example.com,other.example.com",
    )
    log = tmp_path_factory.mktemp("haproxy") / "haproxy.log"
    process = proxy.start(haproxy, env, log=log)
    base = f"http://127.0.0.1:{port}"
    try:
        proxy.wait_until_serving(process, base)
        yield base, log
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=10)
        web.shutdown()


def get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (http only)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_it_appends_the_clients_address_after_whatever_the_client_wrote(front):
    base, _ = front
    status, _, body = get(f"{base}/echo", {"X-Forwarded-For": "203.0.113.9"})
    assert status == 200
    # The app trusts one hop (TRUSTED_PROXY_HOPS=1): the rightmost entry, the proxy's own.
    assert json.loads(body)["forwarded_for"] == "203.0.113.9,127.0.0.1"
    assert json.loads(body)["proto"] == "http"


def test_it_stamps_when_it_had_the_request_replacing_the_clients_stamp(front):
    base, _ = front
    status, _, body = get(f"{base}/echo", {"X-Request-Start": "t=1"})
    assert status == 200
    stamp = json.loads(body)["request_start"]
    assert re.fullmatch(r"t=\d{13}", stamp)
    assert abs(request_started(stamp) - time.time()) < 5


def test_its_health_check_asks_with_the_first_allowed_host(front):
    # The app refuses any Host not in ALLOWED_HOSTS; the stand-in records what the checks sent.
    assert StandIn.checked_with_hosts == {"loupe.example.com"}


def test_it_keeps_capability_tokens_and_query_strings_out_of_its_log(front):
    base, log = front
    get(f"{base}/feedback/SECRETTOKEN123/pdf?key=SECRETQUERY")
    deadline = time.monotonic() + 5
    while "/feedback/[redacted]/pdf" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    text = log.read_text()
    assert "/feedback/[redacted]/pdf" in text
    assert "SECRETTOKEN123" not in text and "SECRETQUERY" not in text


def test_a_request_that_cannot_be_served_soon_is_refused_fast_with_retry_after(front):
    base, _ = front
    StandIn.slow_started.clear()
    holder = threading.Thread(target=get, args=(f"{base}/slow",))
    holder.start()
    assert StandIn.slow_started.wait(5)
    started = time.monotonic()
    status, headers, body = get(f"{base}/echo")
    waited = time.monotonic() - started
    holder.join()
    assert status == 503
    assert headers["retry-after"] == "1"
    assert b"busy" in body
    # `timeout queue` (250 ms), not the 1.5 s the slot stays taken.
    assert waited < 1.0


def test_the_proxys_queue_gives_up_well_before_the_apps_budget():
    """Or most requests handed on under sustained overload would arrive just past the budget and
    be refused by the app after all, each after a worker's turn."""
    from django.conf import settings

    config = (ROOT / "deploy" / "haproxy.cfg").read_text()
    queue_ms = int(re.search(r"^\s*timeout queue (\d+)ms$", config, re.MULTILINE).group(1))
    assert queue_ms <= settings.QUEUE_BUDGET_MS / 2
