"""The Redis cache (config/cache.py) builds one redis-py client per connection pool, not one per
call, and is otherwise Django's own."""

from django.conf import settings

from config.cache import RedisCache


def fresh_cache() -> RedisCache:
    return RedisCache(settings.REDIS_URL, {"KEY_PREFIX": "test-config-cache"})


def test_it_builds_one_client_and_reuses_it():
    cache = fresh_cache()
    first = cache._cache.get_client()
    assert cache._cache.get_client() is first
    assert cache._cache.get_client(write=True) is first  # one server: reads and writes share it


def test_it_stores_and_reads_through_the_reused_client():
    cache = fresh_cache()
    cache.set("answer", {"level": 3}, 30)
    assert cache.get("answer") == {"level": 3}
    assert cache.add("answer-count", 1, 30)
    assert cache.incr("answer-count") == 2
    cache.delete_many(["answer", "answer-count"])
    assert cache.get("answer") is None


def test_it_is_the_apps_cache_on_the_real_stack():
    assert settings.CACHES["default"]["BACKEND"] == "config.cache.RedisCache"
