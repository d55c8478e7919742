import subprocess
import sys

from tests.conftest import ROOT


def run_check(database_url: str, redis_url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "config.check_services"],
        cwd=ROOT,
        env={"DATABASE_URL": database_url, "REDIS_URL": redis_url, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_it_passes_quietly_when_both_services_answer():
    result = run_check("postgres://postgres@127.0.0.1:5432/loupe", "redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_it_names_postgres_and_how_to_start_it_when_it_is_down():
    result = run_check("postgres://postgres@127.0.0.1:1/loupe", "redis://127.0.0.1:6379/0")
    assert result.returncode == 1
    assert "PostgreSQL is not reachable at postgres://postgres@127.0.0.1:1/loupe" in result.stderr
    assert "pg_ctlcluster" in result.stderr
    assert "Redis" not in result.stderr


def test_it_names_redis_when_redis_is_down():
    result = run_check("postgres://postgres@127.0.0.1:5432/loupe", "redis://127.0.0.1:1/0")
    assert result.returncode == 1
    assert "Redis is not reachable" in result.stderr
    assert "redis-server" in result.stderr
