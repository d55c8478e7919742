"""Settings come from the environment: embedded default without services, real stack with."""

import json
import os
import secrets
import subprocess
import sys

from tests.conftest import ROOT

PROBE = (
    "import json, django; from django.conf import settings; django.setup();"
    "from config.celery import app;"
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'],"
    " 'cache': settings.CACHES['default']['BACKEND'], 'eager': app.conf.task_always_eager,"
    " 'broker': app.conf.broker_url, 'debug': settings.DEBUG,"
    " 'visibility': app.conf.broker_transport_options['visibility_timeout'],"
    " 'time_limit': app.conf.task_time_limit, 'serializer': app.conf.task_serializer,"
    " 'cookies': [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME],"
    " 'csrf_httponly': settings.CSRF_COOKIE_HTTPONLY}))"
)
SERVICE_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "EMAIL_HOST",
    "TRUSTED_PROXY_HOPS",
)
# Set by the browser tests in this process; never part of a deployment.
SERVICE_VARIABLES += ("DJANGO_ALLOW_ASYNC_UNSAFE",)


def run_with(environment: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    env = base | {"DJANGO_SETTINGS_MODULE": "config.settings"} | environment
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def settings_with(environment: dict[str, str]) -> dict:
    result = run_with(environment, sys.executable, "-c", PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def production_environment() -> dict[str, str]:
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "loupe.example.com",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/loupe",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DEBUG": "0",
        "EMAIL_HOST": "smtp.example.com",
        "TRUSTED_PROXY_HOPS": "1",
    }


def test_it_runs_on_sqlite_with_eager_tasks_when_no_services_are_configured(tmp_path):
    found = settings_with({"SQLITE_PATH": str(tmp_path / "db.sqlite3")})
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["cache"].endswith("LocMemCache")
    assert found["eager"] is True
    assert found["broker"] == "memory://"


def test_it_runs_on_postgres_and_redis_when_their_urls_are_set():
    found = settings_with(production_environment())
    assert found["engine"] == "django.db.backends.postgresql"
    assert found["cache"].endswith("RedisCache")
    assert found["eager"] is False
    assert found["broker"] == "redis://127.0.0.1:6379/0"
    assert found["debug"] is False


def test_the_broker_visibility_timeout_outlasts_the_longest_task():
    found = settings_with(production_environment())
    assert found["visibility"] > found["time_limit"]
    assert found["serializer"] == "json"


def deploy_check(environment: dict[str, str]) -> subprocess.CompletedProcess:
    return run_with(
        environment,
        *(sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"),
    )


def without(name: str) -> dict[str, str]:
    return {k: v for k, v in production_environment().items() if k != name}


def test_production_settings_pass_the_deploy_check():
    result = deploy_check(production_environment())
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deploy_check_fails_without_a_secret_key():
    result = deploy_check(without("SECRET_KEY"))
    assert result.returncode != 0
    assert "loupe.E001" in result.stderr


def test_production_without_an_smtp_host_fails_the_deploy_check():
    result = deploy_check(without("EMAIL_HOST"))
    assert result.returncode != 0
    assert "mail.E001" in result.stderr


def test_https_behind_a_proxy_with_no_trusted_hops_fails_the_deploy_check():
    result = deploy_check(without("TRUSTED_PROXY_HOPS"))
    assert result.returncode != 0
    assert "loupe.E002" in result.stderr
    assert "TRUSTED_PROXY_HOPS" in result.stderr


def test_webhooks_to_local_addresses_fail_the_deploy_check():
    result = deploy_check(production_environment() | {"WEBHOOK_ALLOW_LOCAL_ADDRESSES": "1"})
    assert result.returncode != 0
    assert "loupe.E020" in result.stderr


def test_a_visibility_timeout_below_the_task_limit_fails_the_deploy_check():
    result = deploy_check(production_environment() | {"CELERY_VISIBILITY_TIMEOUT": "30"})
    assert result.returncode != 0
    assert "loupe.E003" in result.stderr


def test_production_installs_neither_the_bench_nor_weasyprint_at_start_up():
    """The bench app only with BENCHMARK=1; WeasyPrint (1.5 s to load) only when a build renders."""
    probe = (
        "import json, sys, django; django.setup(); from django.apps import apps;"
        "print(json.dumps([apps.is_installed('bench'), 'weasyprint' in sys.modules]))"
    )
    result = run_with(production_environment(), sys.executable, "-c", probe)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [False, False]
    result = run_with(production_environment() | {"BENCHMARK": "1"}, sys.executable, "-c", probe)
    assert json.loads(result.stdout) == [True, False]


def test_a_bad_number_in_the_environment_is_named_at_start_up():
    environment = production_environment() | {"LINK_GUESS_BUDGET": "lots"}
    result = run_with(environment, sys.executable, "manage.py", "check")
    assert result.returncode != 0
    assert "LINK_GUESS_BUDGET='lots': expected an integer of at least 1" in result.stderr


def test_under_https_the_cookies_are_host_prefixed_and_the_csrf_cookie_httponly(tmp_path):
    found = settings_with(production_environment())
    assert found["cookies"] == ["__Host-sessionid", "__Host-csrftoken"]
    assert found["csrf_httponly"] is True
    local = settings_with({"SQLITE_PATH": str(tmp_path / "db.sqlite3"), "DEBUG": "1"})
    assert local["cookies"] == ["sessionid", "csrftoken"]


def test_each_redis_database_has_its_own_channel_prefix():
    # Redis pub/sub ignores database numbers: without this, two deployments (or test runs) on
    # one Redis would relay each other's rooms.
    probe = "import django; from django.conf import settings; django.setup();"
    probe += "print(settings.CHANNEL_LAYERS['default']['CONFIG']['prefix'])"
    prefixes = [
        run_with({"REDIS_URL": f"redis://127.0.0.1:6379/{db}"}, sys.executable, "-c", probe)
        for db in (3, 4)
    ]
    assert [p.stdout.strip() for p in prefixes] == ["loupe-rooms-3", "loupe-rooms-4"]
