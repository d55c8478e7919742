"""Feedback link tokens: 256 random bits from `secrets`, stored only as their SHA-256."""

import hashlib
import re

# secrets.token_urlsafe(32): 32 random bytes, base64url without padding = 43 characters.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def well_formed(token: str) -> bool:
    """A cheap check before any query: anything else cannot be one of ours."""
    return bool(TOKEN_SHAPE.fullmatch(token))
