"""Token buckets, and the capability-link limiter built on them.

A bucket holds up to `capacity` tokens and refills at `per_second`; a request takes `cost`. The
check and the update run as one Lua script in Redis, so concurrent requests on several web
processes can never both take the last token, and the script reads Redis's own clock, so web
servers with skewed clocks agree. Without REDIS_URL (the embedded default, one process) the same
buckets live in process memory.

A capability link is a URL whose token is the only credential: a candidate's feedback link today,
a candidate's room link next. `CapabilityLinks` guards one kind of them with two budgets, so that
guessing can never lock out the holder of a valid link, the guesser's own included:

- guessing: a token that opens nothing (unknown, revoked, malformed) spends the client's guessing
  budget, LINK_GUESS_BUDGET tokens refilling one every LINK_GUESS_REFILL_SECONDS. The budget is the
  client's across every kind of link. Once empty, that client's next miss is answered 429.
- reading: a token that opens a link spends that link's read budget (per kind, e.g.
  FEEDBACK_LINK_READS_PER_MINUTE), whoever asks and however much they guessed before.

The client is config.clients.client_address (TRUSTED_PROXY_HOPS; IPv6 by its /64).
"""

import logging
import math
import threading
import time
from dataclasses import dataclass

import redis
from django.conf import settings

from config.clients import client_address

logger = logging.getLogger(__name__)

# KEYS[1] the bucket; ARGV capacity, refill per second, cost (0 = peek: is a token left?).
# Returns {allowed (0/1), milliseconds until enough tokens are available}.
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
class Rate:
    capacity: float
    per_second: float


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0  # seconds, for the Retry-After header
    # True when Redis could not be asked: nothing was counted, the caller decides.
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


def take(name: str, rate: Rate, *, cost: int = 1) -> Decision:
    """Take `cost` tokens from the bucket `name` (0: only ask whether one is left)."""
    key = f"{settings.RATELIMIT_KEY_PREFIX}:{name}"
    if not settings.REDIS_URL:
        allowed, wait_ms = _local.take(key, rate.capacity, rate.per_second, cost)
    else:
        try:
            allowed, wait_ms = script_for(settings.REDIS_URL)(
                keys=[key], args=[rate.capacity, rate.per_second, cost]
            )
        except redis.RedisError as error:
            logger.warning("rate limiter unavailable (%s: %s)", type(error).__name__, error)
            return Decision(allowed=True, unavailable=True)
    return Decision(allowed=bool(allowed), retry_after=max(1, math.ceil(int(wait_ms) / 1000)))


def guessing_rate() -> Rate:
    return Rate(settings.LINK_GUESS_BUDGET, 1 / settings.LINK_GUESS_REFILL_SECONDS)


@dataclass(frozen=True)
class CapabilityLinks:
    """The limits of one kind of capability link; `reads_per_minute` names its setting."""

    kind: str
    reads_per_minute: str

    def read(self, link_id: int, *, cost: int = 1) -> Decision:
        """A token that opened link `link_id`: spend from that link's read budget."""
        per_minute = getattr(settings, self.reads_per_minute)
        return take(f"{self.kind}:read:{link_id}", Rate(per_minute, per_minute / 60), cost=cost)

    def miss(self, request) -> Decision:
        """A token that opened nothing: spend from the client's guessing budget."""
        return take(f"guess:{client_address(request)}", guessing_rate())
