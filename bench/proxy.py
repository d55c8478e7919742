"""The front proxy for `make bench`: deploy/haproxy.cfg itself, the file production runs, on a high
port of 127.0.0.1 in front of the bench's gunicorn, without TLS and without root.

What differs from docker-compose.yml comes from the environment the config reads (its header lists
the names): where to listen, where gunicorn is, how many requests one gunicorn may hold.
"""

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "haproxy.cfg"
# Debian installs it in /usr/sbin, which a non-root PATH may not list.
CANDIDATES = ("haproxy", "/usr/sbin/haproxy", "/usr/local/sbin/haproxy")


def executable() -> str | None:
    for candidate in CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def environment(*, listen: str, web: str, maxconn: int, allowed_host: str) -> dict[str, str]:
    """The process environment HAProxy runs with: no PROXY_TLS_CERTS, so plain HTTP only."""
    base = {name: value for name, value in os.environ.items() if name != "PROXY_TLS_CERTS"}
    return base | {
        "PROXY_HTTP_BIND": listen,
        "WEB_SERVER": web,
        "WEB_SLOTS": "1",
        "WEB_MAXCONN": str(maxconn),
        "ALLOWED_HOSTS": allowed_host,
    }


def check(haproxy: str, env: dict[str, str]) -> None:
    """`haproxy -c`: the config as this environment makes it, or RuntimeError with HAProxy's
    words."""
    done = subprocess.run(  # noqa: S603
        [haproxy, "-c", "-q", "-f", str(CONFIG)],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"haproxy -c failed ({done.returncode}):\n{done.stdout}{done.stderr}")


def start(haproxy: str, env: dict[str, str], *, log: Path | None) -> subprocess.Popen:
    """HAProxy in the foreground, in a session of its own (so a stop takes all of it); its log
    (stdout, one line per request) to `log`, or nowhere."""
    check(haproxy, env)
    output = log.open("ab") if log is not None else subprocess.DEVNULL
    try:
        return subprocess.Popen(  # noqa: S603
            [haproxy, "-f", str(CONFIG)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    finally:
        if log is not None:
            output.close()


def wait_until_serving(process: subprocess.Popen, base_url: str, timeout: float = 20.0) -> None:
    """Until /healthz answers 200 through the proxy: it listens, and its health check has found
    gunicorn up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"haproxy exited ({process.returncode})")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"haproxy did not serve {base_url}/healthz within {timeout:g} s")
