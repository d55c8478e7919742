"""`make audit`: known vulnerabilities in the hash-locked requirements, as they are locked.

pip-audit reads requirements/dev.txt (a superset of base.txt) with its hashes and resolves
nothing. Advisories listed in requirements/audit-ignore.txt, each with a date and a reason, are
accepted until that date. When the advisory service does not answer (no package could be checked),
the audit says so in one line and passes: CI reaches package registries only, and a missing
service is not a vulnerability. Any known vulnerability not on the list fails it.
"""

import datetime
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REQUIREMENTS = HERE / "dev.txt"
IGNORE_LIST = HERE / "audit-ignore.txt"
# What pip-audit's HTTP client says when the service cannot be reached at all.
UNREACHABLE = re.compile(r"ConnectionError|ConnectTimeout|ReadTimeout|Max retries|NameResolution")
ENTRY = re.compile(r"(?P<id>\S+)\s+(?P<until>\d{4}-\d{2}-\d{2})\s+(?P<why>\S.*)")


class ListError(ValueError):
    pass


def accepted(text: str, today: datetime.date) -> dict[str, str]:
    """Advisory id -> why, from the ignore list; a malformed or expired entry is an error."""
    ids: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        entry = ENTRY.fullmatch(line)
        if entry is None:
            raise ListError(f"audit-ignore.txt line {number}: expected '<id> <until> <why>'")
        until = datetime.date.fromisoformat(entry["until"])
        if until < today:
            raise ListError(
                f"audit-ignore.txt line {number}: {entry['id']} was accepted until {until}; "
                "look at it again, then remove or renew it"
            )
        ids[entry["id"]] = entry["why"]
    return ids


def verdict(report: dict) -> tuple[int, str]:
    """(exit status, the line to print) from pip-audit's JSON report."""
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    if not audited:
        return 0, (
            "audit skipped: the advisory service did not answer for any of the "
            f"{len(dependencies)} locked packages"
        )
    found = [(d["name"], d["version"], v) for d in audited for v in d.get("vulns", [])]
    if found:
        lines = [f"audit: {len(found)} known vulnerabilities not in requirements/audit-ignore.txt"]
        for name, version, vuln in found:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            lines.append(f"  {name} {version}: {vuln['id']} (fixed in {fixed})")
        return 1, "\n".join(lines)
    skipped = len(dependencies) - len(audited)
    note = f"; {skipped} could not be checked" if skipped else ""
    return 0, f"audit: {len(audited)} locked packages, no known vulnerability{note}"


def main() -> int:
    try:
        ignored = accepted(IGNORE_LIST.read_text(), datetime.date.today())
    except ListError as error:
        print(error, file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "audit.json"
        command = [sys.executable, "-m", "pip_audit", "--requirement", str(REQUIREMENTS)]
        command += ["--require-hashes", "--disable-pip", "--progress-spinner", "off"]
        command += ["--format", "json", "--output", str(output), "--timeout", "10"]
        for advisory in ignored:
            command += ["--ignore-vuln", advisory]
        run = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        if not output.exists() or not output.read_text().strip():
            last = (run.stderr.strip().splitlines() or ["no output"])[-1]
            if UNREACHABLE.search(run.stderr):
                print(f"audit skipped: the advisory service did not answer ({last})")
                return 0
            print(f"audit failed: pip-audit wrote no report\n{run.stderr}", file=sys.stderr)
            return 1
        status, line = verdict(json.loads(output.read_text()))
    print(line, file=sys.stderr if status else sys.stdout)
    return status


if __name__ == "__main__":
    sys.exit(main())
