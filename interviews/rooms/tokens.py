"""Room links: derived, never stored.

token = base64url(HMAC-SHA256(key, "room:<interview id>:<generation>")), 256 bits. The key is
derived from SECRET_KEY with a salt of its own, so a room token is no other kind of signature.
The lead can show the link at any time (it is recomputed), and the database holds only its
SHA-256 (to find the room): nothing stored lets anyone rebuild it. Bumping the generation
revokes the link.
"""

import base64
import hashlib
import re

from django.conf import settings
from django.utils.crypto import salted_hmac

TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def room_token(interview_id: int, generation: int) -> str:
    mac = salted_hmac(
        "loupe.rooms.link",
        f"room:{interview_id}:{generation}",
        secret=settings.SECRET_KEY,
        algorithm="sha256",
    )
    return base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode("ascii")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def well_formed(token: str) -> bool:
    return bool(TOKEN_SHAPE.fullmatch(token))
