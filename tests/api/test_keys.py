"""API keys: created in the admin and shown once, stored as a hash, scoped, revocable, rate-limited,
last use recorded at most once a minute."""

from datetime import timedelta

from django.utils import timezone

from interviews.api.keys import key_digest
from interviews.api.models import ApiKey
from tests.api.conftest import make_key


def test_the_admin_shows_a_new_key_once_and_stores_only_its_hash(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)
    response = client.post(
        "/admin/api/apikey/add/", {"name": "Greenhouse", "scopes": ["read", "schedule"]}
    )
    assert response.status_code == 200
    page = response.content.decode()
    key = ApiKey.objects.get()
    shown = page.split('<code id="api-key">')[1].split("</code>")[0]
    assert shown.startswith("loupe_") and len(shown) == 6 + 43
    assert key.key_hash == key_digest(shown)
    assert shown not in str(ApiKey.objects.values().get())
    assert key.scopes == ["read", "schedule"] and key.created_by == admin
    assert "no-store" in response["Cache-Control"]
    # The key's page never shows it again.
    assert shown not in client.get(f"/admin/api/apikey/{key.pk}/change/").content.decode()


def test_a_key_reads_its_own_description(api, keys):
    response = api.get("/key", key=keys.read)
    assert response.status_code == 200
    assert response.json()["scopes"] == ["read"]


def test_no_key_a_wrong_key_and_a_revoked_key_get_a_401_problem(api, keys):
    ApiKey.objects.filter(name="read").update(revoked_at=timezone.now())
    for key in (None, "loupe_" + "x" * 43, "garbage", keys.read):
        response = api.get("/key", key=key)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert response["WWW-Authenticate"] == "Bearer"
        assert response.json()["status"] == 401


def test_the_admin_revokes_a_key(client, api, keys, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)
    pk = ApiKey.objects.get(name="read").pk
    client.post("/admin/api/apikey/", {"action": "revoke", "_selected_action": [pk]})
    client.logout()
    assert api.get("/key", key=keys.read).status_code == 401
    assert api.get("/key", key=keys.full).status_code == 200


def test_last_use_is_recorded_at_most_once_a_minute(api, keys, django_assert_num_queries):
    api.get("/key", key=keys.read)
    key = ApiKey.objects.get(name="read")
    first = key.last_used_at
    assert first is not None
    with django_assert_num_queries(1):  # the key's lookup, no write
        api.get("/key", key=keys.read)
    assert ApiKey.objects.get(pk=key.pk).last_used_at == first
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=first - timedelta(minutes=2))
    api.get("/key", key=keys.read)
    assert ApiKey.objects.get(pk=key.pk).last_used_at > first - timedelta(minutes=2)


def test_a_key_past_its_budget_gets_a_429_with_retry_after(api, cast, settings):
    settings.API_RATE_BURST, settings.API_RATE_PER_MINUTE = 3, 1
    key = make_key(cast.manager, ["read"])
    answers = [api.get("/key", key=key) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[-1]["Content-Type"] == "application/problem+json"
    assert int(answers[-1]["Retry-After"]) >= 1
    # Another key's budget is its own.
    assert api.get("/key", key=make_key(cast.manager, ["read"])).status_code == 200


def test_the_openapi_document_and_the_docs_page_need_no_login(client, db):
    document = client.get("/api/v1/openapi.json")
    assert document.status_code == 200
    assert document.json()["openapi"].startswith("3.1")
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content


def test_an_unknown_path_under_the_api_is_a_404_problem(api, keys):
    response = api.get("/nothing-here", key=keys.read)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_post_without_a_csrf_token_is_judged_by_its_key(client, keys):
    client.handler.enforce_csrf_checks = True
    response = client.post("/api/v1/key", headers={"Authorization": f"Bearer {keys.read}"})
    assert response.status_code == 405  # not a CSRF 403: there is no POST on /key
    assert response["Content-Type"] == "application/problem+json"
    assert response["Allow"] == "GET"


def test_no_answer_is_kept_by_a_cache(api, keys):
    for response in (api.get("/key", key=keys.read), api.get("/key")):
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
