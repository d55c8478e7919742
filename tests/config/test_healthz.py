import pytest
from django.db import connection
from django.urls import reverse


def test_it_reports_every_part_ok(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "ok"}


def test_it_names_redis_when_redis_is_down(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok"
    assert body["redis"] == "down"  # no exception class names for anyone to read
    assert body["down"] == ["redis"]


@pytest.mark.django_db(transaction=True)
def test_it_names_the_database_when_the_database_is_down(client):
    connection.close()
    real_port = connection.settings_dict["PORT"]
    connection.settings_dict["PORT"] = "1"  # a real refused connection, not a mock
    try:
        response = client.get(reverse("healthz"))
    finally:
        connection.close()
        connection.settings_dict["PORT"] = real_port
    assert response.status_code == 503
    assert response.json() == {"database": "down", "redis": "ok", "down": ["database"]}


def test_it_is_public_and_never_cached(client, db):
    response = client.get(reverse("healthz"))
    assert "no-cache" in response.headers["Cache-Control"]
