"""The README's local receiver (manage.py webhook_receiver) prints a verified event and refuses
one signed with another secret."""

import os
import socket
import subprocess
import sys
import time

import pytest

from interviews.webhooks.models import Delivery, Endpoint, new_secret
from tests.conftest import ROOT
from tests.reports.builders import make_interview, make_kit


@pytest.fixture
def running_receiver(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    secret = new_secret()
    out = tmp_path / "receiver.out"
    command = [sys.executable, "manage.py", "webhook_receiver", "--secret", secret]
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "config.test_settings", "PYTHONUNBUFFERED": "1"}
    with out.open("w") as handle:
        process = subprocess.Popen(
            [*command, "--port", str(port)], cwd=ROOT, env=env, stdout=handle, stderr=handle
        )
    deadline = time.monotonic() + 20
    while "Receiving on" not in out.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(out.read_text())
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/", secret, out
    process.terminate()
    process.wait(timeout=10)


def test_it_prints_a_verified_event_and_refuses_a_forged_one(
    running_receiver, cast, django_capture_on_commit_callbacks
):
    url, secret, out = running_receiver
    Endpoint.objects.create(url=url, secret=secret, events=["interview.scheduled"])
    Endpoint.objects.create(url=url, events=["interview.scheduled"])  # another secret
    with django_capture_on_commit_callbacks(execute=True):
        make_interview(kit=make_kit(questions=1), panel=[cast.ada], start=False)
    codes = dict(Delivery.objects.values_list("endpoint__secret", "last_response_code"))
    assert codes.pop(secret) == 204
    assert list(codes.values()) == [400]
    printed = out.read_text()
    assert "verified:" in printed
    assert '"type": "interview.scheduled"' in printed
    assert "refused" in printed
