"""The production settings, with two changes for the benchmark: static files are collected into a
directory of the benchmark's own (BENCH_STATIC_ROOT, a temporary directory that bench.run removes),
so that a run leaves nothing in the checkout (DEBUG=0 needs collected files: the manifest storage
refuses to render `{% static %}` without them); and 4xx responses are not logged (below)."""

import os

from config.settings import *  # noqa: F403

if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]

# Past saturation the generator's interviewers conflict with themselves (a request the client
# gave up on still lands and moves the version), and Django logs every 4xx as a warning: thousands
# of "Conflict:" lines on the console. The bench counts statuses itself; 5xx are still logged.
LOGGING["loggers"]["django.request"] = {"level": "ERROR"}  # noqa: F405
