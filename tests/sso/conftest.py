"""A real OpenID provider for the SSO tests: node's oidc-provider (tests/sso/provider).

The provider runs once per session (`npm ci` first when node_modules is missing); each test points
Loupe at it through the OIDC_* settings and says who exists there through `idp.accounts`. Without
Node the tests skip locally and fail under CI (.ci/run installs nodejs and npm).
"""

import json
import os
import shutil
import socket
import subprocess
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.conftest import under_ci, wait_for

PROVIDER_DIR = Path(__file__).resolve().parent / "provider"
CLIENT_ID, CLIENT_SECRET = "loupe-test", "a-test-client-secret"
ROLE_MAP = "loupe-curators=curator,loupe-interviewers=interviewer,loupe-managers=hiring_manager"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def discovery_answers(issuer: str) -> bool:
    try:
        url = f"{issuer}/.well-known/openid-configuration"  # http://127.0.0.1 only
        with urllib.request.urlopen(url, timeout=1):  # noqa: S310
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def idp_process(live_server, tmp_path_factory):
    if not shutil.which("node") or not shutil.which("npm"):
        if under_ci():
            pytest.fail("Node is missing; .ci/run installs it (apt nodejs npm)")
        pytest.skip("Node is missing (apt-get install nodejs npm)")
    if not (PROVIDER_DIR / "node_modules").exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"], cwd=PROVIDER_DIR, check=True, timeout=300
        )
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    accounts = tmp_path_factory.mktemp("idp") / "accounts.json"
    accounts.write_text("{}")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(RSAAlgorithm.to_jwk(key)) | {"kid": "test-key", "alg": "RS256", "use": "sig"}
    env = os.environ | {
        "JWKS": json.dumps({"keys": [jwk]}),
        "PORT": str(port),
        "ISSUER": issuer,
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URI": f"{live_server.url}/login/sso/callback/",
        "ACCOUNTS": str(accounts),
    }
    process = subprocess.Popen(
        ["node", "provider.mjs"],
        cwd=PROVIDER_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: discovery_answers(issuer), timeout=20)
        yield SimpleNamespace(
            issuer=issuer, accounts_file=accounts, process=process, signing_key=key
        )
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def idp(idp_process, settings):
    """Loupe configured for the provider; `idp.accounts` is who may sign in there, with claims."""
    settings.OIDC_ISSUER = idp_process.issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_ROLE_CLAIM = "groups"
    settings.OIDC_ROLE_MAP = ROLE_MAP

    class Accounts(dict):
        def __setitem__(self, key, value):
            super().__setitem__(key, value)
            idp_process.accounts_file.write_text(json.dumps(self))

    idp_process.accounts_file.write_text("{}")
    return SimpleNamespace(
        issuer=idp_process.issuer, accounts=Accounts(), signing_key=idp_process.signing_key
    )


@pytest.fixture
def sso_sign_in(chromium, live_server):
    """Sign in through the login page's SSO button and the provider's own pages, in a fresh
    browser (so no session at the provider or Loupe is left over); returns the page."""
    contexts = []

    def sign_in(account: str, start: str = "/login/"):
        context = chromium.new_context(base_url=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(start)
        page.get_by_role("link", name="Sign in with single sign-on").click()
        page.locator("input[name=login]").fill(account)
        page.locator("input[name=password]").fill("anything")
        page.locator("button[type=submit]").click()
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(lambda url: url.startswith(live_server.url))
        page.wait_for_load_state()
        return page

    yield sign_in
    for context in contexts:
        context.close()


class TokenProxy:
    """Stands on the provider's token endpoint and alters the ID token it answers with.

    `alter(header, claims)` returns the claims to re-sign with the provider's own key (so only the
    altered claim is wrong), or None to break the signature instead."""

    def __init__(self, token_endpoint: str, signing_key):
        self.token_endpoint, self.signing_key = token_endpoint, signing_key
        self.alter = lambda header, claims: claims
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {
                    name: self.headers[name]
                    for name in ("Content-Type", "Authorization")
                    if self.headers[name]
                }
                forwarded = urllib.request.Request(proxy.token_endpoint, body, headers)  # noqa: S310
                try:
                    with urllib.request.urlopen(forwarded, timeout=10) as response:  # noqa: S310
                        answer = json.loads(response.read())
                except urllib.error.HTTPError as error:
                    answer = json.loads(error.read())
                if "id_token" in answer:
                    answer["id_token"] = proxy.altered(answer["id_token"])
                payload = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/token"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def altered(self, id_token: str) -> str:
        header = jwt.get_unverified_header(id_token)
        claims = jwt.decode(id_token, options={"verify_signature": False})
        changed = self.alter(header, claims)
        if changed is None:
            head, body, signature = id_token.split(".")
            flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
            return f"{head}.{body}.{flipped}"
        return jwt.encode(
            changed, self.signing_key, algorithm="RS256", headers={"kid": header["kid"]}
        )


@pytest.fixture
def token_proxy(idp, monkeypatch):
    """Loupe's token requests go through a TokenProxy (the live server shares this process)."""
    from config.oidc import LoupeOIDCAdapter

    with urllib.request.urlopen(f"{idp.issuer}/.well-known/openid-configuration") as response:  # noqa: S310
        token_endpoint = json.loads(response.read())["token_endpoint"]
    proxy = TokenProxy(token_endpoint, idp.signing_key)
    monkeypatch.setattr(LoupeOIDCAdapter, "access_token_url", property(lambda self: proxy.url))
    yield proxy
    proxy.server.shutdown()
    proxy.server.server_close()
