"""The two auditors: axe-core (Deque's engine, from npm) run in Chromium on each page, and the Nu
HTML checker (vnu.jar from npm) run once with Java over every page's HTML as the server sent it.

Both come from the repository's package-lock.json: `npm ci` runs first when node_modules lacks
them. A missing Node or Java skips locally and fails under CI (.ci/run installs both).
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, under_ci

NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SERIOUS = {"serious", "critical"}
# htmx's attributes are not HTML's; the checker's message about them is the one we accept.
HTMX_ATTRIBUTE = re.compile(r"^Attribute “hx-[a-z:-]+” not allowed on element")
# A page with one known error, checked with the others: the checker that reports it really read
# the batch (a checker that reads nothing reports no error either). Its error is then set aside.
CANARY_NAME = "canary: a list item outside a list"
CANARY = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Canary</title></head>'
    "<body><main><span><li>not in a list</li></span></main></body></html>"
)
CANARY_ERROR = "Element “li” not allowed as child of element “span”"
# How an htmx fragment is checked: in the smallest valid document around it.
FRAGMENT_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
    "<body><main>{html}</main></body></html>"
)


def missing(what: str, how: str):
    if under_ci():
        pytest.fail(f"{what} is missing; .ci/run installs it ({how})")
    pytest.skip(f"{what} is missing ({how})")


def node_packages() -> None:
    """axe-core and vnu-jar from the lockfile; installed on first use."""
    if AXE.exists() and VNU.exists():
        return
    if not shutil.which("npm"):
        missing("npm", "apt-get install nodejs npm")
    # --ignore-scripts: vnu-jar's postinstall would download a Java runtime; we use the system's.
    command = ["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"]
    subprocess.run(command, cwd=ROOT, check=True, timeout=600)


def axe_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now (the context must
    bypass CSP: the script is added inline)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [rule for rule in result["violations"] if rule["impact"] in SERIOUS]


def describe_axe(rule: dict) -> str:
    nodes = "; ".join(
        f"{' '.join(map(str, node['target']))}: {node['failureSummary'].splitlines()[-1].strip()}"
        for node in rule["nodes"][:4]
    )
    more = f" (+{len(rule['nodes']) - 4} more)" if len(rule["nodes"]) > 4 else ""
    return f"{rule['id']} [{rule['impact']}] {rule['help']}: {nodes}{more}"


def fragment_document(title: str, html: str) -> str:
    return FRAGMENT_PAGE.format(title=title, html=html)


def nu_errors(documents: dict[str, str], workdir: Path) -> dict[str, list[str]]:
    """The Nu checker's errors per document name (htmx's attributes aside), in one JVM run.

    The run is proved to have happened: vnu exits 0 or 1 (anything else is a crash), names every
    document it checked (--verbose), reports no error about the run itself (a file it could not
    read, say: `non-document-error`) and finds the canary's error."""
    java = shutil.which("java")
    if not java:
        missing("Java", "apt-get install default-jre-headless")
    node_packages()
    names = {}
    for index, (name, html) in enumerate({**documents, CANARY_NAME: CANARY}.items()):
        path = workdir / f"page-{index:03}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = name
    flags = ["--format", "json", "--errors-only", "--verbose"]
    done = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU), *flags, str(workdir)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # vnu writes its JSON report to stderr, the checked files' paths to stdout (--verbose), and
    # exits 1 when there are errors.
    assert done.returncode in (0, 1), f"vnu exited {done.returncode}: {done.stderr[-2000:]}"
    checked = {Path(line.strip()).name for line in done.stdout.splitlines() if line.strip()}
    assert checked == set(names), f"vnu checked {len(checked)} of {len(names)} documents"
    report = json.loads(done.stderr)
    found: dict[str, list[str]] = {}
    for message in report["messages"]:
        text = message.get("message", "")
        assert message.get("type") != "non-document-error", f"vnu could not check: {text}"
        if message.get("type") != "error" or HTMX_ATTRIBUTE.match(text):
            continue
        url = message.get("url", "?")
        name = names.get(url.rsplit("/", 1)[-1], url)
        where = f"line {message['lastLine']}: " if "lastLine" in message else ""
        extract = message.get("extract", "").strip().replace("\n", " ")
        found.setdefault(name, []).append(f"{where}{text} [{extract[:120]}]")
    canary = found.pop(CANARY_NAME, [])
    assert any(CANARY_ERROR in error for error in canary), (
        f"the canary's error is missing: {canary}"
    )
    return found


def listing(found: dict[str, list[str]]) -> str:
    """What the auditors found, a page a paragraph, for the assertion's message."""
    return "\n".join(f"{page}\n  " + "\n  ".join(items) for page, items in found.items())
