"""`make audit` (requirements/audit.py): every accepted advisory says why and until when; the
audit passes with one clear line when the advisory service does not answer, and fails on a
known vulnerability that is not on the list."""

import datetime
import importlib.util

import pytest

from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location("audit", ROOT / "requirements" / "audit.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

TODAY = datetime.date(2026, 11, 30)


def test_the_committed_list_parses_and_every_entry_has_a_reason_and_a_date():
    audit.accepted(audit.IGNORE_LIST.read_text(), datetime.date.today())


def test_an_entry_needs_a_date_and_a_reason():
    with pytest.raises(audit.ListError, match="line 2: expected '<id> <until> <why>'"):
        audit.accepted("# header\nGHSA-xxxx-yyyy-zzzz 2027-01-01\n", TODAY)
    entry = "PYSEC-2026-1 2027-01-01 only the admin's PDF export uses it; fixed in 2.1"
    assert audit.accepted(entry, TODAY) == {
        "PYSEC-2026-1": "only the admin's PDF export uses it; fixed in 2.1"
    }


def test_an_expired_entry_fails_the_audit():
    with pytest.raises(audit.ListError, match="accepted until 2026-11-29"):
        audit.accepted("PYSEC-2026-1 2026-11-29 waiting for 2.1\n", TODAY)


def test_no_answer_from_the_service_is_a_clear_skip():
    report = {"dependencies": [{"name": "django", "skip_reason": "could not be audited"}]}
    status, line = audit.verdict(report)
    assert status == 0
    assert line.startswith("audit skipped: the advisory service did not answer")


def test_a_known_vulnerability_fails_naming_the_package_and_the_fix():
    report = {
        "dependencies": [
            {"name": "django", "version": "6.1.3", "vulns": [
                {"id": "PYSEC-2026-9", "fix_versions": ["6.1.4"]}
            ]},
            {"name": "redis", "version": "7.0", "vulns": []},
        ]
    }  # fmt: skip
    status, line = audit.verdict(report)
    assert status == 1
    assert "django 6.1.3: PYSEC-2026-9 (fixed in 6.1.4)" in line


def test_a_clean_report_passes():
    report = {"dependencies": [{"name": "redis", "version": "7.0", "vulns": []}]}
    assert audit.verdict(report) == (0, "audit: 1 locked packages, no known vulnerability")
