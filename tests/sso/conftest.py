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
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import wait_for

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
        if os.environ.get("CI"):
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
    env = os.environ | {
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
        yield SimpleNamespace(issuer=issuer, accounts_file=accounts, process=process)
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
    return SimpleNamespace(issuer=idp_process.issuer, accounts=Accounts())


@pytest.fixture
def sso_sign_in(chromium, live_server):
    """Sign in through the login page's SSO button and the provider's own pages, in a fresh
    browser (so no session at the provider or Loupe is left over); returns the page."""
    contexts = []

    def sign_in(account: str):
        context = chromium.new_context(base_url=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/login/")
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
