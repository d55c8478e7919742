"""Sessions read through Redis and recorded in PostgreSQL (SESSION_ENGINE when REDIS_URL is set).

Every signed-in request reads its session. Django's cached_db store reads it from Redis (about
0.2 ms) instead of PostgreSQL (about 0.5 ms, bench/README.md) and writes both, so PostgreSQL stays
the record. This store adds two things to it:

- Redis being down fails no request: a read, a check or a delete that cannot reach it falls back
  to PostgreSQL alone (Django's own store already does so for writes).
- A cached copy lives at most CACHED_SECONDS. A session deleted while Redis was unreachable, or
  deleted in the database directly (an admin revoking it), stops working within that time, not at
  the session's own expiry two weeks later.
"""

import logging

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore
from redis.exceptions import RedisError

logger = logging.getLogger("django.contrib.sessions")

CACHED_SECONDS = 300


class CappedCache:
    """The session cache, with every timeout capped at CACHED_SECONDS.

    It wraps what cached_db's SessionStore calls on `self._cache`; a Django upgrade that calls
    anything else fails tests/config/test_django_internals.py before it fails a request."""

    def __init__(self, cache):
        self.cache = cache

    def get(self, key):
        return self.cache.get(key)

    def set(self, key, value, timeout):
        self.cache.set(key, value, min(timeout, CACHED_SECONDS))

    def delete(self, key):
        return self.cache.delete(key)

    def __contains__(self, key) -> bool:
        return key in self.cache

    # Django's async session paths (no view here is async, but the store should not break one).
    async def aget(self, key):
        return await self.cache.aget(key)

    async def aset(self, key, value, timeout):
        await self.cache.aset(key, value, min(timeout, CACHED_SECONDS))

    async def adelete(self, key):
        return await self.cache.adelete(key)


class SessionStore(CachedDBStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = CappedCache(self._cache)

    def load(self):
        try:
            return super().load()
        except RedisError as error:
            logger.warning("Sessions read from the database: Redis is unreachable (%s)", error)
            return DBStore.load(self)

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except RedisError:
            return DBStore.exists(self, session_key)

    def delete(self, session_key=None):
        key = session_key or self.session_key
        DBStore.delete(self, session_key)
        if key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + key)
        except RedisError as error:
            # The copy in Redis, if Redis kept it, expires within CACHED_SECONDS.
            logger.error("Session %s… deleted, but not from Redis (%s)", key[:6], error)
