"""Sessions are read through Redis and recorded in PostgreSQL (config/sessions.py): a Redis
outage slows them down but fails no request, and a cached copy never outlives its row for long."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.urls import reverse

from config import sessions
from tests.interviews.builders import make_interview

DOWN = {
    "default": {
        "BACKEND": "config.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1: a real refusal
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def ada_client(client, cast):
    client.force_login(cast.ada)
    return client


def session_in_redis(key: str):
    return caches["default"].get(sessions.SessionStore.cache_key_prefix + key)


def test_it_is_the_session_engine_on_the_real_stack(settings):
    assert settings.SESSION_ENGINE == "config.sessions"


def test_a_signed_in_request_reads_its_session_from_redis(
    ada_client, cast, django_assert_num_queries
):
    key = ada_client.cookies["sessionid"].value
    ada_client.get(reverse("interviews:home"))  # the first read fills Redis
    assert session_in_redis(key)["_auth_user_id"] == str(cast.ada.pk)
    store = sessions.SessionStore(key)
    with django_assert_num_queries(0):
        assert store.load()["_auth_user_id"] == str(cast.ada.pk)


def test_a_cached_copy_lives_at_most_five_minutes(ada_client):
    key = ada_client.cookies["sessionid"].value
    ada_client.get(reverse("interviews:home"))
    ttl = (
        caches["default"]
        ._cache.get_client(write=False)
        .ttl(caches["default"].make_and_validate_key(sessions.SessionStore.cache_key_prefix + key))
    )
    assert 0 < ttl <= sessions.CACHED_SECONDS


def test_the_console_still_answers_when_redis_is_down(ada_client, cast, settings):
    interview = make_interview([cast.ada])
    settings.CACHES = DOWN
    response = ada_client.get(reverse("interviews:console", kwargs={"pk": interview.pk}))
    assert response.status_code == 200


def test_a_rating_is_saved_when_redis_is_down(ada_client, cast, settings):
    interview = make_interview([cast.ada])
    settings.CACHES = DOWN
    url = reverse("interviews:rate", kwargs={"pk": interview.pk, "position": 1})
    response = ada_client.post(url, {"level": 3, "version": 0}, headers={"HX-Request": "true"})
    assert response.status_code == 200


def test_logging_out_while_redis_is_down_ends_the_session_in_the_database(ada_client, settings):
    key = ada_client.cookies["sessionid"].value
    settings.CACHES = DOWN
    response = ada_client.post(reverse("logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()


def test_signing_in_while_redis_is_down_works(client, cast, settings):
    cast.ada.set_password("a-long-enough-password")
    cast.ada.save()
    settings.CACHES = DOWN
    response = client.post(
        reverse("login"), {"username": cast.ada.username, "password": "a-long-enough-password"}
    )
    assert response.status_code == 302
    assert client.get(reverse("interviews:home")).status_code == 200


def test_logging_out_ends_the_session_in_redis_and_the_database_at_once(ada_client):
    key = ada_client.cookies["sessionid"].value
    ada_client.get(reverse("interviews:home"))
    ada_client.post(reverse("logout"))
    assert session_in_redis(key) is None
    assert not Session.objects.filter(session_key=key).exists()
    assert ada_client.get(reverse("interviews:home")).status_code == 302
