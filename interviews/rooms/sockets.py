"""Who is on the other end of a room socket: the door the consumer goes through.

The candidate is recognised by the room cookie the room page set (the token never rides in the
socket's URL), a panelist by their session and their place on that interview's panel. Synchronous:
the consumer calls it through database_sync_to_async.
"""

import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

from django.conf import settings

from config.middleware import LAST_SEEN_KEY, SIGNED_IN_KEY
from interviews.rooms import protocol, selectors
from interviews.rooms.access import ROOM_LINKS
from interviews.rooms.models import PadUpdate, Room
from interviews.rooms.tokens import token_digest, well_formed

COOKIE = "loupe_room"


@dataclass(frozen=True)
class Participant:
    room_id: int
    interview_id: int
    generation: int
    kind: str  # PadUpdate.Author: candidate or panelist
    user_id: int | None
    label: str
    slot: int  # the cursor's colour class: 0 the candidate, 1.. the panel in order

    @property
    def is_candidate(self) -> bool:
        return self.kind == PadUpdate.Author.CANDIDATE


@dataclass(frozen=True)
class Refusal:
    code: int
    reason: str


def headers(scope) -> dict[str, str]:
    return {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}


def origin_allowed(scope) -> bool:
    """Same origin as the page (the Host the browser asked), or a trusted one."""
    found = headers(scope)
    origin = found.get("origin", "")
    if not origin:
        return False
    if origin in getattr(settings, "CSRF_TRUSTED_ORIGINS", []):
        return True
    return urlsplit(origin).netloc == found.get("host", "")


def request_like(scope):
    """Enough of a request for config.clients.client_address (the guessing budget's key)."""
    found = headers(scope)
    meta = {"REMOTE_ADDR": (scope.get("client") or ("",))[0]}
    if "x-forwarded-for" in found:
        meta["HTTP_X_FORWARDED_FOR"] = found["x-forwarded-for"]
    return SimpleNamespace(META=meta)


def participant_for(scope) -> Participant | Refusal:
    if not origin_allowed(scope):
        return Refusal(protocol.FORBIDDEN, "Origin not allowed.")
    cookie = SimpleCookie()
    cookie.load(headers(scope).get("cookie", ""))
    token = cookie[COOKIE].value if COOKIE in cookie else ""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    wanted = query.get("interview", [""])[0]
    user = scope.get("user")
    if wanted:
        if user is None or not user.is_authenticated:
            return Refusal(protocol.NO_SESSION, "Sign in first.")
        if session_expired(scope.get("session"), user):
            return Refusal(protocol.NO_SESSION, "Your session has ended; sign in again.")
        return panelist(user, wanted)
    if token:
        return candidate(scope, token)
    return Refusal(protocol.NO_SESSION, "No session and no room link.")


def session_expired(session, user) -> bool:
    """config.middleware.SessionExpiryMiddleware's rule, read-only: a socket never extends a
    session (the console's own requests do), but it does not outlive one either."""
    if session is None:
        return True
    now = int(time.time())
    idle = settings.SESSION_IDLE_HOURS_STAFF if user.is_staff else settings.SESSION_IDLE_HOURS
    last_seen = session.get(LAST_SEEN_KEY, now)
    signed_in = session.get(SIGNED_IN_KEY, now)
    return now - last_seen > idle * 3600 or now - signed_in > settings.SESSION_ABSOLUTE_HOURS * 3600


def open_room(room: Room | None) -> Refusal | None:
    if room is None:
        return Refusal(protocol.NOT_FOUND, "No such room.")
    if not selectors.is_open(room):
        return Refusal(protocol.CLOSED, "The room is closed.")
    return None


def candidate(scope, token: str) -> Participant | Refusal:
    room = selectors.room_by_digest(token_digest(token)) if well_formed(token) else None
    if room is None:
        ROOM_LINKS.miss(request_like(scope))
        return Refusal(protocol.NOT_FOUND, "This link opens no room.")
    if not ROOM_LINKS.read(room.pk).allowed:
        return Refusal(protocol.FLOOD, "Too many connections on this link; wait a moment.")
    refused = open_room(room)
    if refused:
        return refused
    return Participant(
        room.pk,
        room.interview_id,
        room.generation,
        PadUpdate.Author.CANDIDATE,
        None,
        "Candidate",
        0,
    )


def panelist(user, wanted: str) -> Participant | Refusal:
    if not (wanted.isascii() and wanted.isdigit()) or len(wanted) > 18:
        return Refusal(protocol.NOT_FOUND, "No such room.")
    panel = list(
        selectors.Panelist.objects.filter(interview_id=int(wanted)).order_by("-is_lead", "id")
    )
    slot = next((i for i, one in enumerate(panel, 1) if one.user_id == user.pk), None)
    if slot is None:
        return Refusal(protocol.NOT_FOUND, "No such room.")
    from interviews.rooms.services import room_for_interview

    room, _ = room_for_interview(interview=panel[0].interview)
    if room.interview.state == room.interview.State.CANCELLED:
        return Refusal(protocol.CLOSED, "The interview was cancelled.")
    label = user.first_name or user.username
    return Participant(
        room.pk, room.interview_id, room.generation, PadUpdate.Author.PANELIST, user.pk, label, slot
    )
