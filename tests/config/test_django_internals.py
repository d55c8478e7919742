"""Three modules lean on Django internals to buy something measured or needed: config/auth.py (a
cheaper per-request user load), config/cache.py (one Redis client per pool) and config/sessions.py
(a capped, Redis-outage-proof session cache). Each test pins what its module leans on and fails
loudly, naming the module to re-check, when a Django upgrade changes it."""

import ast
import hashlib
import inspect

import pytest
from django.contrib.auth import backends
from django.contrib.sessions.backends import cached_db
from django.core.cache.backends import redis as django_redis

from config.sessions import CappedCache

# The source of each Django function an override reproduces or calls into, as of Django 6.1.
PINNED = [
    (backends.ModelBackend.get_user, "ab2f0fe767938110", "config/auth.py"),
    (django_redis.RedisCacheClient.get_client, "ba56fb39ace75b84", "config/cache.py"),
    (django_redis.RedisCacheClient._get_connection_pool, "025850f6ffcb98ed", "config/cache.py"),
    (django_redis.RedisCache.__init__, "40131bec6169f7fa", "config/cache.py"),
]


def source_digest(function) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]


@pytest.mark.parametrize(
    ("function", "digest", "module"), PINNED, ids=[f.__qualname__ for f, _, _ in PINNED]
)
def test_the_django_code_an_override_relies_on_is_unchanged(function, digest, module):
    assert source_digest(function) == digest, (
        f"Django's {function.__module__}.{function.__qualname__} changed: re-check {module} "
        "against it (and re-measure with `BENCHMARK=1 manage.py bench_overrides`), then update "
        "the digest here."
    )


def test_the_session_cache_wrapper_offers_everything_cached_db_calls():
    tree = ast.parse(inspect.getsource(cached_db.SessionStore))
    called = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "_cache"
    }
    assert called, "cached_db no longer uses self._cache: re-check config/sessions.py"
    missing = {name for name in called if not hasattr(CappedCache, name)}
    assert not missing, (
        f"Django's cached_db session store now calls self._cache.{sorted(missing)}, which "
        "config/sessions.py's CappedCache does not wrap: add them there."
    )
