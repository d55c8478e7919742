"""Run a script on the embedded default (SQLite, what `make run` serves) in a subprocess: the
demo data loaded (one interview live), and the script's last line of output read as JSON."""

import json
import sys

from tests.config.test_settings_modes import run_with

PRELUDE = """
import json, django
django.setup()
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment
from django.contrib.auth.models import User
from interviews.models import Interview

call_command("migrate", verbosity=0)
call_command("import_questions", "questionbank/kits/senior-go.yaml", verbosity=0)
call_command("seed_demo", verbosity=0)
# The demo leaves one interview live, with ada and grace on its panel.
interview = Interview.objects.get(state=Interview.State.LIVE)
setup_test_environment()
"""


def run_on_sqlite(tmp_path, script: str, **environment: str):
    """The JSON the script printed last; it sees `interview`, `Client`, `User` and `json`."""
    result = run_with(
        {"SQLITE_PATH": str(tmp_path / "db.sqlite3"), "DEBUG": "1"} | environment,
        *(sys.executable, "-c", PRELUDE + script),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
