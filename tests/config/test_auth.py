"""The model backend that loads each request's user by fixed SQL (config/auth.py) keeps every
promise of Django's own: the same user, and no session for someone who may no longer sign in."""

from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.auth import ModelBackend

User = get_user_model()


def field_values(user) -> dict:
    return {field.attname: getattr(user, field.attname) for field in User._meta.concrete_fields}


def test_it_loads_the_same_user_the_orm_does(client, cast):
    client.force_login(cast.ada)  # sets last_login: a datetime to convert too
    loaded = ModelBackend().get_user(cast.ada.pk)
    assert field_values(loaded) == field_values(User.objects.get(pk=cast.ada.pk))
    assert loaded.last_login.tzinfo is not None
    assert loaded._state.adding is False and loaded._state.db == "default"


def test_signing_in_records_this_backend_in_the_session(client, cast):
    client.post(reverse("login"), {"username": "ada", "password": cast.password})
    assert client.session[BACKEND_SESSION_KEY] == "config.auth.ModelBackend"


def test_a_signed_in_request_loads_its_user_with_one_query(client, cast):
    client.force_login(cast.ada)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("interviews:home")).status_code == 200
    user_queries = [q["sql"] for q in queries if 'FROM "auth_user"' in q["sql"]]
    assert len(user_queries) == 1
    assert user_queries[0].startswith('SELECT "id", "password", "last_login"')
    assert user_queries[0].endswith(f'FROM "auth_user" WHERE "id" = {cast.ada.pk}')


def test_a_deactivated_user_is_signed_out_on_the_next_request(client, cast):
    client.force_login(cast.ada)
    User.objects.filter(pk=cast.ada.pk).update(is_active=False)
    response = client.get(reverse("interviews:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_deleted_user_is_signed_out_on_the_next_request(client, cast):
    client.force_login(cast.grace)
    User.objects.filter(pk=cast.grace.pk).delete()
    response = client.get(reverse("interviews:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_password_changed_elsewhere_ends_the_session(client, cast):
    client.force_login(cast.ada)
    cast.ada.set_password("a whole new passphrase")
    cast.ada.save()
    response = client.get(reverse("interviews:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_an_unknown_id_is_nobody(db):
    assert ModelBackend().get_user(987654321) is None
