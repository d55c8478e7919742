"""bench_pad drives real rooms on a real uvicorn and prints its figures (never timed here)."""

import io
import json

import pytest
from django.core.management import call_command

from interviews.models import Interview


@pytest.mark.django_db(transaction=True)
def test_it_prints_latency_with_nothing_lost_and_cleans_up(tmp_path):
    out = io.StringIO()
    call_command("bench_pad", rooms=2, seconds=1, stdout=out, json_out=tmp_path / "pad.json")
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    latency = lines[0]["pad_latency"]
    assert latency["rooms"] == 2
    assert latency["updates"] == 10
    assert latency["lost"] == 0
    assert latency["errors"] == 0
    assert latency["p50_ms"] is not None
    assert "pad_max_rooms" in lines[-1]
    # What a keystroke cost the ASGI server (its own process group), PostgreSQL and the clients.
    assert latency["cpu_ms_per_update"]["server"] > 0
    assert latency["cpu_ms_per_update"]["total"] >= latency["cpu_ms_per_update"]["server"]
    written = json.loads((tmp_path / "pad.json").read_text())
    assert written["steps"] == [latency]
    assert written["pad_max_rooms"] == lines[-1]["pad_max_rooms"]
    assert Interview.objects.count() == 0
