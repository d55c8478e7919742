"""Over https, the connection goes to the checked IP while TLS speaks for the hostname: SNI and
certificate verification use the name in the URL, never the address (a real TLS receiver on
127.0.0.1 with a certificate for hooks.test)."""

import functools
import shutil
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import urllib3

from interviews.webhooks import transport

pytestmark = pytest.mark.skipif(not shutil.which("openssl"), reason="needs the openssl command")


@pytest.fixture
def tls_receiver(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    command += ["-subj", "/CN=hooks.test", "-addext", "subjectAltName=DNS:hooks.test"]
    command += ["-keyout", str(key), "-out", str(cert)]
    subprocess.run(
        command,
        check=True,
        capture_output=True,
    )
    seen = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            seen["host"] = self.headers["Host"]
            seen["sni"] = getattr(self.connection, "sni", None)
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)

    def remember_sni(sock, name, _context):
        sock.sni = name

    context.sni_callback = remember_sni
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], cert, seen
    server.shutdown()
    server.server_close()


def trusting(monkeypatch, cert):
    """Trust the test's certificate as if a public CA had issued it."""
    real = urllib3.HTTPSConnectionPool
    monkeypatch.setattr(
        transport.urllib3, "HTTPSConnectionPool", functools.partial(real, ca_certs=str(cert))
    )


def test_it_connects_to_the_checked_address_with_the_hostname_for_sni_and_the_certificate(
    tls_receiver, monkeypatch
):
    port, cert, seen = tls_receiver
    trusting(monkeypatch, cert)
    target = transport.Target(
        scheme="https", host="hooks.test", address="127.0.0.1", port=port, path="/in"
    )
    assert transport.post(target, body=b"{}", headers={}).status == 204
    assert seen["sni"] == "hooks.test"
    assert seen["host"] == f"hooks.test:{port}"


def test_a_certificate_for_another_name_is_refused(tls_receiver, monkeypatch):
    port, cert, _ = tls_receiver
    trusting(monkeypatch, cert)
    target = transport.Target(
        scheme="https", host="elsewhere.test", address="127.0.0.1", port=port, path="/in"
    )
    with pytest.raises(urllib3.exceptions.SSLError):
        transport.post(target, body=b"{}", headers={})


def test_an_untrusted_certificate_is_refused(tls_receiver):
    port, _, _ = tls_receiver
    target = transport.Target(
        scheme="https", host="hooks.test", address="127.0.0.1", port=port, path="/in"
    )
    with pytest.raises(urllib3.exceptions.SSLError):
        transport.post(target, body=b"{}", headers={})
