"""manage.py import_questions, run as a curator or CI would run it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from questionbank.models import Kit, Question
from tests.questionbank.factories import VALID, bank_counts, bank_fingerprint, line_of

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bank_file(tmp_path):
    def write(text: str | bytes = VALID, name: str = "bank.yaml") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        return path

    return write


def test_it_imports_files_and_prints_a_summary(bank_file, capsys):
    call_command("import_questions", str(bank_file()))
    assert Question.objects.count() == 2 and Kit.objects.count() == 1
    assert capsys.readouterr().out.strip() == (
        "Topics: 2 created, 0 updated. Questions: 2 created, 0 new revisions, 0 updated, "
        "0 unchanged. Kits: 1 created, 0 updated."
    )


def test_running_it_twice_changes_nothing(bank_file, capsys):
    path = bank_file()
    call_command("import_questions", str(path))
    before = bank_fingerprint()
    call_command("import_questions", str(path))
    assert bank_fingerprint() == before
    assert "2 unchanged" in capsys.readouterr().out


def test_it_prints_each_error_on_its_own_line_and_fails(bank_file, capsys):
    text = VALID.replace("expected_minutes: 8", "expected_minutes: 80").replace(
        "weight: 2", "weight: -1"
    )
    bad = bank_file(text)
    with pytest.raises(CommandError, match="import failed with 2 errors; nothing was changed"):
        call_command("import_questions", str(bad))
    assert capsys.readouterr().err.splitlines() == [
        f"{bad}:{line_of(text, 'minutes: 80')}: questions[0].expected_minutes: "
        "expected_minutes 80 is outside 1-60",
        f"{bad}:{line_of(text, 'weight: -1')}: kits[0].questions[0].weight: "
        "weight -1 is outside 1-1000",
    ]
    assert sum(bank_counts().values()) == 0


def test_it_prints_the_first_200_errors_and_how_many_more(bank_file, capsys):
    # Each {} misses its seven required fields: 1,400 problems.
    bad = bank_file("format: loupe-questionbank/1\nquestions: [" + ", ".join(["{}"] * 200) + "]\n")
    with pytest.raises(CommandError, match="import failed with 1,400 errors; nothing was changed"):
        call_command("import_questions", str(bad))
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 201
    assert all(line.startswith(f"{bad}:2: questions[") for line in lines[:200])
    assert lines[-1] == "... and 1,200 more problems"


def test_it_applies_all_files_or_none(bank_file):
    good = bank_file(name="good.yaml")
    bad = bank_file("format: loupe-questionbank/1\ntopics: 1\n", name="bad.yaml")
    with pytest.raises(CommandError):
        call_command("import_questions", str(good), str(bad))
    assert sum(bank_counts().values()) == 0


def test_it_reports_a_file_it_cannot_read(tmp_path, capsys):
    missing = tmp_path / "missing.yaml"
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_questions", str(missing))
    assert capsys.readouterr().err.strip() == (
        f"{missing}:1: (file): can't be read: No such file or directory"
    )


def test_it_refuses_a_huge_file_without_loading_it_all(bank_file, capsys):
    huge = bank_file(b"#" * (6 * 1024 * 1024))
    with pytest.raises(CommandError):
        call_command("import_questions", str(huge))
    assert "larger than the 5 MB limit" in capsys.readouterr().err


def test_from_the_shell_errors_go_to_stderr_without_a_traceback(bank_file, settings):
    bad = bank_file(b"\xff\xfe not yaml")
    database = settings.DATABASES["default"]
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    url = f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}"
    env = os.environ | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    command = [sys.executable, "manage.py", "import_questions", str(bad)]
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].startswith(f"{bad}:1: (file): not UTF-8 text")
    assert result.stdout == ""
