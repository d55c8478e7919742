"""manage.py bench_import times an import of a generated bank and leaves nothing behind."""

import pytest
from django.core.management import CommandError, call_command

from tests.questionbank.factories import bank_counts

pytestmark = pytest.mark.django_db


def test_bench_import_times_an_import_and_rolls_it_back(capsys):
    call_command("bench_import", "--questions", "5")
    out = capsys.readouterr().out
    assert "5 questions" in out
    assert "import: " in out and "re-import: " in out and "5 unchanged" in out
    assert sum(bank_counts().values()) == 0


def test_bench_import_refuses_a_silly_size():
    with pytest.raises(CommandError, match="between 1 and 20000"):
        call_command("bench_import", "--questions", "0")


def test_bench_import_limits_times_a_worst_file_and_its_memory(capsys):
    call_command("bench_import_limits", "--shape", "alias_bomb")
    out = capsys.readouterr().out
    assert "a child importing nothing peaks at" in out
    row = next(line for line in out.splitlines() if line.startswith("alias_bomb"))
    assert row.split()[2] == "200"  # listed; then the count of the rest, times, peak memory
    assert sum(bank_counts().values()) == 0
