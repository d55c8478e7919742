"""manage.py bench_import_limits [--shape NAME ...]: time the worst imports, and their memory.

For each file of bench/worst_imports.py (the worst found, each filled to the 5 MB cap or the node
limit): the import in this process (wall and CPU seconds, problems listed and counted), then the
`import_questions` command on it in a fresh process, whose peak resident set is the memory figure.
A child importing nothing gives the baseline (Python and Django). Nothing is written: every file is
refused.
"""

import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from bench.worst_imports import SHAPES, import_in_a_child
from questionbank.importer import ImportFailed, import_sources

MB = 2**20


class Command(BaseCommand):
    help = "Time and measure the worst imports (each refused: nothing is written)."

    def add_arguments(self, parser):
        parser.add_argument("--shape", action="append", choices=sorted(SHAPES), metavar="NAME")

    def handle(self, *args, shape: list[str] | None = None, **options):
        baseline = import_in_a_child([], timeout=120).peak_bytes
        self.stdout.write(f"a child importing nothing peaks at {baseline / MB:.0f} MB")
        header = f"{'file':<22}{'MB':>6}{'listed':>8}{'more':>10}{'wall s':>8}{'CPU s':>7}"
        self.stdout.write(f"{header}{'child peak MB':>15}")
        with tempfile.TemporaryDirectory() as directory:
            for name in shape or SHAPES:
                data = SHAPES[name]()
                path = Path(directory) / f"{name}.yaml"
                path.write_bytes(data)
                wall, cpu = time.perf_counter(), time.process_time()
                try:
                    import_sources([(path.name, data)])
                except ImportFailed as failure:
                    listed, more = len(failure.errors), failure.more
                else:
                    listed = more = 0  # never: every shape is wrong
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                peak = import_in_a_child([path], timeout=300).peak_bytes
                self.stdout.write(
                    f"{name:<22}{len(data) / MB:>6.2f}{listed:>8}{more:>10,}{wall:>8.2f}"
                    f"{cpu:>7.2f}{peak / MB:>15.0f}"
                )
