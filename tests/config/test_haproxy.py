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
from interviews.services.scoring import NOTES_MAX_CHARS
from tests.conftest import ROOT, under_ci

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
DEFAULTED = re.compile(r"\$\{(\w+):[-?]([^}]*)\}")


@pytest.fixture(scope="module")
def haproxy() -> str:
    found = proxy.executable()
    if found is None:
        if under_ci():
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


@pytest.fixture(scope="module")
def certificates(tmp_path_factory) -> str:
    """A directory like deploy/certs/ with a self-signed PEM for loupe.example.com in it."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is missing: no certificate to check the TLS listener with")
    made = tmp_path_factory.mktemp("tls")
    certs = made / "certs"
    certs.mkdir()
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=loupe.example.com", "-keyout", str(made / "key.pem")),
            *("-out", str(made / "cert.pem")),
        ],
        check=True,
        capture_output=True,
    )
    pem = (made / "cert.pem").read_text() + (made / "key.pem").read_text()
    (certs / "loupe.pem").write_text(pem)
    # The checked-in certs directory holds only its .gitignore, which HAProxy must skip.
    shutil.copy(ROOT / "deploy" / "certs" / ".gitignore", certs / ".gitignore")
    return f"{certs}/"


def test_the_config_is_valid_as_compose_runs_it(haproxy, certificates):
    environment = compose_environment()
    environment |= {
        "PROXY_TLS_CERTS": certificates,
        "PROXY_HTTP_BIND": f":{free_port()}",
        "PROXY_TLS_BIND": f":{free_port()}",
    }
    proxy.check(haproxy, os.environ | environment)


def test_the_config_is_valid_as_the_bench_runs_it(haproxy):
    env = proxy.environment(
        listen=f"127.0.0.1:{free_port()}", web="127.0.0.1:1", maxconn=10, allowed_host="127.0.0.1"
    )
    assert "PROXY_TLS_CERTS" not in env
    proxy.check(haproxy, env)


IMPORT = "/admin/questionbank/question/import/"


class StandIn(BaseHTTPRequestHandler):
    """What web would see: /echo answers the headers the app reads; /slow and the import route
    hold their slot; a POST answers how much body it was given."""

    protocol_version = "HTTP/1.0"
    slow_started = threading.Event()
    checked_with_hosts: set[str] = set()
    posted: list[str] = []

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

    def do_POST(self):
        StandIn.posted.append(self.path)
        received = len(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        if self.path == IMPORT:
            StandIn.slow_started.set()
            time.sleep(1.5)
        body = json.dumps({"received": received}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class AsgiStandIn(BaseHTTPRequestHandler):
    """What the ASGI service would see: every GET answers that it was served here."""

    protocol_version = "HTTP/1.0"

    def do_GET(self):
        body = json.dumps({"database": "ok", "served_by": "asgi", "path": self.path}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def front(haproxy, tmp_path_factory):
    """HAProxy on deploy/haproxy.cfg in front of the stand-ins (web, which may hold one request,
    and the ASGI service)."""
    web = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    asgi = ThreadingHTTPServer(("127.0.0.1", 0), AsgiStandIn)
    threading.Thread(target=asgi.serve_forever, daemon=True).start()
    port = free_port()
    env = proxy.environment(
        listen=f"127.0.0.1:{port}",
        web=f"127.0.0.1:{web.server_address[1]}",
        asgi=f"127.0.0.1:{asgi.server_address[1]}",
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
        asgi.shutdown()


def get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (http only)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_the_rooms_websockets_go_to_the_asgi_service_and_the_rest_to_web(front):
    base, _ = front
    status, _, body = get(f"{base}/ws/room/")
    assert status == 200
    assert json.loads(body)["served_by"] == "asgi"
    status, _, body = get(f"{base}/echo")
    assert "served_by" not in json.loads(body)


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


def logged(log, needle: str) -> str:
    deadline = time.monotonic() + 5
    while needle not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    return log.read_text()


@pytest.mark.parametrize(
    "path",
    [
        "/%66eedback/SECRETTOKEN{n}/",
        "/feedback%2FSECRETTOKEN{n}/pdf",
        "/%66%65%65%64%62%61%63%6b/SECRETTOKEN{n}/",
        "//feedback/SECRETTOKEN{n}/",
        "/%72oom/SECRETTOKEN{n}/",
    ],
)
def test_it_redacts_tokens_however_the_path_is_percent_encoded(front, path):
    # gunicorn decodes the path (%2F included) and Django routes the decoded one: these open the
    # link as its plain spelling does.
    base, log = front
    n = time.monotonic_ns()
    status, _, _ = get(f"{base}{path.format(n=n)}")
    assert status == 200
    text = logged(log, f"/{'room' if 'oom' in path else 'feedback'}/[redacted]/ HTTP")
    assert f"SECRETTOKEN{n}" not in text


def test_what_decoding_lets_into_its_log_cannot_forge_a_line(front):
    base, log = front
    get(f"{base}/echo%0A127.0.0.1:1%20%22GET%20/forged%22")
    text = logged(log, "/echo?127.0.0.1:1??GET?/forged? HTTP")
    assert "/echo?127.0.0.1:1??GET?/forged? HTTP" in text
    assert not any(line.startswith("127.0.0.1:1 ") for line in text.splitlines())


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


def post(url: str, body: bytes):
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 (http only)
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def raw(base: str, head: str, body: bytes = b"", *, drip_every: float | None = None):
    """Sends the request line and headers, then `body`, then (if asked) one more byte every
    `drip_every` seconds; returns the proxy's status and when it came, in seconds."""
    host, port = base.removeprefix("http://").split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=20) as connection:
        connection.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        stop = threading.Event()

        def drip():
            while not stop.wait(drip_every):
                try:
                    connection.sendall(b"a")
                except OSError:
                    return

        if drip_every is not None:
            threading.Thread(target=drip, daemon=True).start()
        try:
            answer = connection.recv(4096)
        finally:
            stop.set()
    return int(answer.split()[1]), time.monotonic() - started


def test_a_body_sent_slowly_is_cut_by_the_proxy_before_any_worker_sees_it(front):
    """A sync worker is never held by a slow client: the proxy reads the whole body first, and
    gives up on it after `timeout http-request` (10 s) however steadily it trickles."""
    base, _ = front
    StandIn.posted.clear()
    head = "POST /login/ HTTP/1.1\nHost: loupe.example.com\nContent-Length: 60000\n"
    status, after = raw(base, head, b"a" * 20_000, drip_every=0.5)
    assert status == 408
    assert 9 < after < 13
    assert "/login/" not in StandIn.posted


def test_a_body_past_the_form_limit_is_refused_before_it_is_read(front):
    base, _ = front
    StandIn.posted.clear()
    head = "POST /login/ HTTP/1.1\nHost: loupe.example.com\nContent-Length: 262145\n"
    assert raw(base, head)[0] == 413
    chunked = "POST /login/ HTTP/1.1\nHost: loupe.example.com\nTransfer-Encoding: chunked\n"
    assert raw(base, chunked)[0] == 411
    assert StandIn.posted == []


def test_the_largest_form_a_scorecard_sends_passes_whole(front):
    # The console's notes at NOTES_MAX_CHARS, every character a 4-byte one, percent-encoded.
    base, _ = front
    body = b"version=1&notes=" + b"%F0%9F%98%80" * NOTES_MAX_CHARS
    status, answer = post(f"{base}/i/1/notes", body)
    assert status == 200
    assert json.loads(answer)["received"] == len(body)


def test_the_import_upload_may_be_large_but_takes_one_worker_per_replica_at_a_time(front):
    base, _ = front
    upload = b"a" * 1_000_000  # past any buffer; the importer's own cap is 5 MB
    StandIn.slow_started.clear()
    first: list = []
    holder = threading.Thread(target=lambda: first.append(post(f"{base}{IMPORT}", upload)))
    holder.start()
    assert StandIn.slow_started.wait(5)
    second = post(f"{base}{IMPORT}", upload)
    other, _, _ = get(f"{base}/echo")
    holder.join()
    assert first[0][0] == 200 and json.loads(first[0][1])["received"] == len(upload)
    # The second upload waits `timeout queue` for the replica's one import slot, then is refused;
    # everything else still has web's slots.
    assert second[0] == 503
    assert other == 200


@pytest.fixture(scope="module")
def tls_front(haproxy, certificates):
    """HAProxy with its TLS listener on a high port (no web behind it: only handshakes here)."""
    port = free_port()
    env = proxy.environment(
        listen=f"127.0.0.1:{free_port()}", web="127.0.0.1:1", maxconn=1, allowed_host="127.0.0.1"
    )
    env |= {"PROXY_TLS_CERTS": certificates, "PROXY_TLS_BIND": f"127.0.0.1:{port}"}
    process = proxy.start(haproxy, env, log=None)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=10)


def handshake(address: str, *options: str) -> str | None:
    """The cipher `openssl s_client` agreed on with these options, or None if refused."""
    done = subprocess.run(
        ["openssl", "s_client", "-connect", address, *options],
        input="",
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    found = re.search(r"Cipher is (\S+)", done.stdout)
    if done.returncode != 0 or found is None or found.group(1) == "(NONE)":
        return None
    return found.group(1)


@pytest.mark.parametrize("cipher", ["AES128-SHA", "AES256-SHA256", "ECDHE-RSA-AES128-SHA"])
def test_tls_1_2_refuses_suites_without_forward_secrecy_or_aead(tls_front, cipher):
    assert handshake(tls_front, "-tls1_2", "-cipher", cipher) is None


def test_tls_1_2_with_ecdhe_and_aead_and_tls_1_3_are_served(tls_front):
    assert handshake(tls_front, "-tls1_2") == "ECDHE-RSA-AES128-GCM-SHA256"  # the server's pick
    for cipher in ("ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305"):
        assert handshake(tls_front, "-tls1_2", "-cipher", cipher) == cipher
    assert handshake(tls_front, "-tls1_3") in {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"}
    assert handshake(tls_front, "-tls1_1") is None
