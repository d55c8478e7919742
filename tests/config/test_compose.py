"""No Docker engine runs here, so the compose file is checked by reading it."""

import re
import shlex

import yaml

from tests.conftest import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
SETTINGS_SOURCE = (ROOT / "config" / "settings.py").read_text()


def test_it_defines_the_production_services():
    assert set(SERVICES) == {"proxy", "web", "asgi", "worker", "beat", "db", "redis"}


def test_only_the_proxy_publishes_a_port():
    # Anyone reaching web directly could write their own X-Forwarded-For and X-Request-Start.
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"proxy"}
    assert sorted(SERVICES["proxy"]["ports"]) == ["443:443", "80:80"]
    assert SERVICES["web"]["expose"] == ["8000"]


def test_the_proxy_runs_the_checked_config_in_front_of_web():
    proxy = SERVICES["proxy"]
    assert proxy["image"] == "haproxy:2.6"  # the version tests/config/test_haproxy.py checks with
    assert "./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in proxy["volumes"]
    environment = proxy["environment"]
    assert environment["WEB_SERVER"] == "web:8000"
    assert "--bind 0.0.0.0:8000" in SERVICES["web"]["command"]
    workers = int(re.search(r"--workers (\d+)", SERVICES["web"]["command"]).group(1))
    assert int(environment["WEB_MAXCONN"]) == 2 * workers
    assert environment["PROXY_TLS_CERTS"] == "/usr/local/etc/haproxy/certs/"
    assert environment["ALLOWED_HOSTS"] == SERVICES["web"]["environment"]["ALLOWED_HOSTS"]


def test_the_asgi_service_serves_the_rooms_with_uvicorn_on_the_shared_image():
    command = SERVICES["asgi"]["command"]
    assert "uvicorn config.asgi:application" in command
    assert "--no-access-log" in command
    assert SERVICES["asgi"]["environment"] == SERVICES["web"]["environment"]


def test_every_service_has_a_health_check():
    for name, service in SERVICES.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"


def test_web_worker_and_beat_share_one_definition():
    shared = ("image", "environment", "depends_on")
    for key in shared:
        assert SERVICES["web"][key] == SERVICES["worker"][key] == SERVICES["beat"][key]


def test_commands_start_gunicorn_celery_worker_and_beat_on_the_celery_app():
    def command(name):
        value = SERVICES[name]["command"]
        return value if isinstance(value, str) else " ".join(value)

    assert "gunicorn config.wsgi:application" in command("web")
    assert shlex.split(command("worker"))[:4] == ["celery", "-A", "config", "worker"]
    assert shlex.split(command("beat"))[:4] == ["celery", "-A", "config", "beat"]
    assert (ROOT / "config" / "wsgi.py").exists() and (ROOT / "config" / "celery.py").exists()


def test_the_environment_names_are_the_ones_settings_read():
    names = set(SERVICES["web"]["environment"])
    read = set(re.findall(r"os\.environ\.get\(\"([A-Z_]+)\"", SETTINGS_SOURCE))
    read |= set(re.findall(r"env_(?:bool|list|number)\(\"([A-Z_]+)\"", SETTINGS_SOURCE))
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"} <= names
    assert names <= read, f"compose sets names settings never read: {names - read}"


def test_urls_point_at_the_compose_services():
    environment = SERVICES["web"]["environment"]
    assert "@db:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"].startswith("redis://redis:6379")
    assert environment["DEBUG"] == "0"


def test_the_app_trusts_the_proxys_forwarded_address():
    environment = SERVICES["web"]["environment"]
    assert environment["TRUSTED_PROXY_HOPS"] == "${TRUSTED_PROXY_HOPS:-1}"
    assert "SITE_URL" in environment
    assert "QUEUE_BUDGET_MS" in environment


def test_web_is_health_checked_with_a_host_the_app_allows():
    test = " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert "os.environ['ALLOWED_HOSTS'].split(',')[0]" in test
    assert "'Host': host" in test
