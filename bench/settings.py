"""The production settings, with one change for the benchmark: static files are collected into a
directory of the benchmark's own (BENCH_STATIC_ROOT, a temporary directory that bench.run removes),
so that a run leaves nothing in the checkout. DEBUG=0 needs collected files: the manifest storage
refuses to render `{% static %}` without them."""

import os

from config.settings import *  # noqa: F403

if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
