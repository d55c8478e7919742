import uuid

import pytest
import redis


@pytest.fixture(autouse=True)
def private_rate_limits(settings):
    """Each test counts in its own buckets on the shared Redis, and removes them afterwards."""
    prefix = f"loupe-test:{uuid.uuid4().hex[:12]}"
    settings.RATELIMIT_KEY_PREFIX = prefix
    yield prefix
    if settings.REDIS_URL:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1)
        try:
            keys = list(client.scan_iter(f"{prefix}:*"))
            if keys:
                client.delete(*keys)
        except redis.RedisError:
            pass
