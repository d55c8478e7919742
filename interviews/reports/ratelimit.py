"""Token buckets in Redis for the public feedback pages, one per client IP.

A bucket holds up to `capacity` tokens and refills at `per_second`; a request takes one. The check
and the update run as one Lua script, so concurrent requests on several web processes can never
both take the last token, and the script reads Redis's own clock, so web servers with skewed clocks
agree. Two buckets per IP:

- `link`: every request to a feedback page or PDF (FEEDBACK_RATE_LIMIT);
- `miss`: only requests whose token is unknown or revoked, much stricter (FEEDBACK_MISS_RATE_LIMIT).
  Once an IP has emptied it, that IP gets 429 for every token until it refills, so guessing
  tokens stops even when a guess would have been right.

Without REDIS_URL (the embedded default, one process) the same buckets live in process memory.
"""

import logging
import math
import threading
import time
from dataclasses import dataclass

import redis
from django.conf import settings

logger = logging.getLogger(__name__)

# KEYS[1] the bucket; ARGV capacity, refill per second, cost (0 = peek: is a token left?).
# Returns {allowed (0/1), milliseconds until a token is available}.
BUCKET_SCRIPT = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end
tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate / 1000)
local need = math.max(cost, 1)
local allowed = 0
local wait = 0
if tokens >= need then
  allowed = 1
  tokens = tokens - cost
else
  wait = math.ceil((need - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * 1000 / rate) + 1000)
return {allowed, wait}
"""


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0  # seconds, for the Retry-After header
    # True when Redis could not be asked: the caller decides (fail open for valid tokens).
    unavailable: bool = False


class LocalBuckets:
    """The same algorithm in process memory, for the embedded default without Redis."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.state: dict[str, tuple[float, float]] = {}

    def take(self, key: str, capacity: float, rate: float, cost: int) -> tuple[int, int]:
        now = time.monotonic() * 1000
        with self.lock:
            tokens, ts = self.state.get(key, (capacity, now))
            tokens = min(capacity, tokens + max(0.0, now - ts) * rate / 1000)
            need = max(cost, 1)
            if tokens >= need:
                self.state[key] = (tokens - cost, now)
                return 1, 0
            self.state[key] = (tokens, now)
            return 0, math.ceil((need - tokens) * 1000 / rate)


_local = LocalBuckets()
_clients: dict[str, tuple[redis.Redis, object]] = {}


def script_for(url: str):
    if url not in _clients:
        client = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
        _clients[url] = (client, client.register_script(BUCKET_SCRIPT))
    return _clients[url][1]


def take(
    bucket: str, ip: str, *, cost: int = 1, limit: tuple[float, float] | None = None
) -> Decision:
    capacity, per_second = limit or getattr(settings, f"FEEDBACK_{bucket.upper()}_RATE_LIMIT")
    key = f"{settings.RATELIMIT_KEY_PREFIX}:feedback:{bucket}:{ip}"
    if not settings.REDIS_URL:
        allowed, wait_ms = _local.take(key, capacity, per_second, cost)
    else:
        try:
            allowed, wait_ms = script_for(settings.REDIS_URL)(
                keys=[key], args=[capacity, per_second, cost]
            )
        except redis.RedisError as error:
            logger.warning("rate limiter unavailable (%s: %s)", type(error).__name__, error)
            return Decision(allowed=True, unavailable=True)
    return Decision(allowed=bool(allowed), retry_after=max(1, math.ceil(int(wait_ms) / 1000)))


def check_request(ip: str) -> Decision:
    """Before looking the token up: take a token from the IP's bucket, and refuse the IP while
    its bucket of misses is empty."""
    decision = take("link", ip)
    if not decision.allowed:
        return decision
    misses = take("miss", ip, cost=0)
    if not misses.allowed:
        return misses
    return Decision(allowed=True, unavailable=decision.unavailable or misses.unavailable)


def record_miss(ip: str) -> Decision:
    """An unknown or revoked token: take from the IP's (stricter) bucket of misses."""
    return take("miss", ip)


def client_ip(request) -> str:
    """The client's address. Behind TRUSTED_PROXY_HOPS proxies, the address the outermost trusted
    proxy saw (from the right of X-Forwarded-For); the header is never trusted otherwise."""
    hops = settings.TRUSTED_PROXY_HOPS
    if hops:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "unknown")
