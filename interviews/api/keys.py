"""API keys: made, stored, checked on every call.

A key is `loupe_` and 256 random bits from `secrets` (43 base64url characters). Only its SHA-256
is stored. Not a password hasher (PBKDF2, Argon2): those are slow on purpose because a password is
guessable and is checked once per sign-in, while a key has 256 bits that no one can guess through
a fast hash, and is checked on every call, where a deliberate 100 ms per request would be the
whole latency budget. SHA-256 also makes the lookup one indexed equality on the digest.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from config.ratelimit import Decision, Rate, take
from interviews.api.models import ApiKey

PREFIX = "loupe_"
KEY_SHAPE = re.compile(r"loupe_[A-Za-z0-9_-]{43}")
# The admin list shows this many characters of a key, enough to tell keys apart, far too few to
# help a guess.
SHOWN_CHARS = 12
LAST_USED_EVERY = timedelta(minutes=1)


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class NewKey:
    key: str  # in clear: shown once, never stored
    prefix: str
    digest: str


def new_key() -> NewKey:
    key = PREFIX + secrets.token_urlsafe(32)
    return NewKey(key=key, prefix=key[:SHOWN_CHARS], digest=key_digest(key))


def key_for(presented: str) -> ApiKey | None:
    """The live key presented, or None (malformed, unknown or revoked): one indexed query, none
    for a string that cannot be a key."""
    if not KEY_SHAPE.fullmatch(presented):
        return None
    return ApiKey.objects.filter(key_hash=key_digest(presented), revoked_at__isnull=True).first()


def record_use(api_key: ApiKey) -> None:
    """Note the key's use, at most once a minute: most calls write nothing."""
    now = timezone.now()
    if api_key.last_used_at is not None and now - api_key.last_used_at < LAST_USED_EVERY:
        return
    # Conditional, so that of a burst of calls in the same minute on several workers one writes.
    ApiKey.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_EVERY), pk=api_key.pk
    ).update(last_used_at=now)
    api_key.last_used_at = now


def spend(api_key: ApiKey) -> Decision:
    """One call from the key's budget: API_RATE_BURST at once, API_RATE_PER_MINUTE sustained."""
    per_minute = settings.API_RATE_PER_MINUTE
    return take(f"api:{api_key.pk}", Rate(settings.API_RATE_BURST, per_minute / 60))
