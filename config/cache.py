"""Django's Redis cache with one redis-py client per connection pool instead of one per call.

Django's client builds a new `redis.Redis` for every cache call (it shares only the pool). Building
one costs as much CPU as the GET it is built for, and every signed-in request makes at least one
such call: the session read. Measured with `BENCHMARK=1 manage.py bench_overrides` (bench app): a
cache GET costs 0.12 ms of CPU with Django's client and 0.05 ms here. What this relies on in
Django (get_client, _get_connection_pool, _client, RedisCache._class) is pinned by
tests/config/test_django_internals.py, which fails when an upgrade changes it.

A `redis.Redis` is safe to share between threads (each command borrows a connection from the
pool), and the pool itself reconnects after a fork.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
