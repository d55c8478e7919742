"""The token buckets behind every rate limit (config/ratelimit.py): atomic across concurrent
requests, refilling, and in process memory on the embedded default."""

import threading
import time

from config import ratelimit

SLOW = ratelimit.Rate(10, 0.001)


def test_the_bucket_is_atomic_across_concurrent_requests():
    results = []
    barrier = threading.Barrier(20)

    def hit():
        barrier.wait(timeout=10)
        results.append(ratelimit.take("atomic", SLOW).allowed)

    threads = [threading.Thread(target=hit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert results.count(True) == 10
    assert results.count(False) == 10


def test_the_bucket_refills():
    fast = ratelimit.Rate(1, 50)  # one token every 20 ms
    assert ratelimit.take("refill", fast).allowed
    assert not ratelimit.take("refill", fast).allowed
    time.sleep(0.1)
    assert ratelimit.take("refill", fast).allowed


def test_a_refusal_says_how_long_until_enough_tokens():
    rate = ratelimit.Rate(2, 1 / 30)
    assert ratelimit.take("wait", rate, cost=2).allowed
    refused = ratelimit.take("wait", rate)
    assert not refused.allowed
    assert 29 <= refused.retry_after <= 30


def test_without_redis_the_buckets_live_in_memory(settings):
    settings.REDIS_URL = ""
    assert [ratelimit.take("local", ratelimit.Rate(2, 0.001)).allowed for _ in range(3)] == [
        True,
        True,
        False,
    ]
