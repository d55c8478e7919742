"""Keys for the API tests: one per scope set, made as the admin makes them."""

import pytest

from interviews.api.keys import new_key
from interviews.api.models import ApiKey, Scope

ALL = [Scope.READ, Scope.SCHEDULE, Scope.FEEDBACK_LINKS, Scope.NOTES_READ]


def make_key(owner, scopes, name: str = "ATS") -> str:
    made = new_key()
    ApiKey.objects.create(
        name=name, prefix=made.prefix, key_hash=made.digest, scopes=list(scopes), created_by=owner
    )
    return made.key


@pytest.fixture
def keys(cast):
    """A key with every scope, and one with each scope alone."""

    class Keys:
        full = make_key(cast.manager, ALL, "full")
        read = make_key(cast.manager, [Scope.READ], "read")
        schedule = make_key(cast.manager, [Scope.SCHEDULE], "schedule")
        links = make_key(cast.manager, [Scope.FEEDBACK_LINKS], "links")
        notes = make_key(cast.manager, [Scope.READ, Scope.NOTES_READ], "notes")

    return Keys


@pytest.fixture
def api(client):
    """The test client with a key: api.get(path, key=...) and api.post(path, json, key=...)."""

    class Api:
        @staticmethod
        def get(path, *, key=None, **params):
            headers = {"Authorization": f"Bearer {key}"} if key else {}
            return client.get(f"/api/v1{path}", params, headers=headers)

        @staticmethod
        def post(path, body=None, *, key=None, idempotency_key=None):
            headers = {"Authorization": f"Bearer {key}"} if key else {}
            if idempotency_key:
                headers["Idempotency-Key"] = idempotency_key
            return client.post(
                f"/api/v1{path}", body or {}, content_type="application/json", headers=headers
            )

    return Api
