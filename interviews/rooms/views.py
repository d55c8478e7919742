"""The room's pages: the candidate's (public, behind the link's token) and the link's, for the
lead and hiring managers. Thin: access, one service or selector, render."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from interviews.rooms import broadcast, selectors, services
from interviews.rooms.access import (
    ROOM_LINKS,
    interview_for_lead,
    interview_for_link_holder,
    interview_for_replay,
)
from interviews.rooms.tokens import token_digest, well_formed
from interviews.views import problem

logger = logging.getLogger(__name__)

ROOM = "rooms/room.html"
LINK = "rooms/link.html"
# The socket finds the room by this cookie, set by the room page: the token never rides in the
# socket's URL (URLs end up in logs). Scoped to the socket's path, HttpOnly, SameSite=Strict.
COOKIE = "loupe_room"
SOCKET_PATH = "/ws/room/"


def private_response(response: HttpResponse, referrer: str = "no-referrer") -> HttpResponse:
    """No referrer leaves the page (it would carry the token), no indexing, no caching."""
    response["Referrer-Policy"] = referrer
    response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
    response["Cache-Control"] = "no-store, private"
    return response


def room_page(request, context: dict, status: int = 200) -> HttpResponse:
    return private_response(render(request, ROOM, context, status=status))


@login_not_required
@require_GET
def room(request, token: str):
    found = selectors.room_by_digest(token_digest(token)) if well_formed(token) else None
    if found is None:
        guess = ROOM_LINKS.miss(request)
        if not guess.allowed:
            response = room_page(request, {"state": "limited"}, status=429)
            response["Retry-After"] = str(guess.retry_after)
            return response
        return room_page(request, {"state": "missing"}, status=404)
    decision = ROOM_LINKS.read(found.pk)
    if not decision.allowed:
        response = room_page(request, {"state": "limited"}, status=429)
        response["Retry-After"] = str(decision.retry_after)
        return response
    if decision.unavailable:
        logger.warning("serving room %s without rate limiting (Redis down)", found.pk)
    if not selectors.is_open(found):
        return room_page(request, {"state": "closed"}, status=410)
    context = {
        "state": "open",
        "phase": selectors.phase(found),
        "question": selectors.candidate_question(found),
        "interview": found.interview,
    }
    response = room_page(request, context)
    response.set_cookie(
        COOKIE,
        token,
        path=SOCKET_PATH,
        httponly=True,
        samesite="Strict",
        secure=request.is_secure(),
        max_age=12 * 3600,
    )
    return response


def link_context(request, interview, token: str, **extra) -> dict:
    room = interview.room
    return {
        "interview": interview,
        "room": room,
        "room_url": request.build_absolute_uri(reverse("rooms:room", kwargs={"token": token})),
        "is_open": selectors.is_open(room),
        "phase": selectors.phase(room),
        "can_end": selectors.phase(room) == "live"
        and interview.panelists.filter(user_id=request.user.pk, is_lead=True).exists(),
    } | extra


@require_GET
def link(request, pk: int):
    interview = interview_for_link_holder(request.user, pk)
    _, token = services.room_for_interview(interview=interview)
    template = f"{LINK}#panel" if request.htmx else LINK
    # Its URL carries no token; with no-referrer a browser would send `Origin: null` on the page's
    # own forms (End interview, a new link), and the CSRF check would refuse them.
    response = render(request, template, link_context(request, interview, token))
    # The console loads the panel (htmx) from the page's own URL: a cache keeps them apart.
    patch_vary_headers(response, ["HX-Request"])
    return private_response(response, referrer="same-origin")


@require_POST
def regenerate(request, pk: int):
    interview = interview_for_link_holder(request.user, pk)
    room, _ = services.room_for_interview(interview=interview)
    room, token = services.room_regenerate(room=room)
    broadcast.send_now(room.pk, "room.revoked", generation=room.generation)
    if request.htmx:
        context = link_context(request, interview, token, regenerated=True)
        return private_response(render(request, f"{LINK}#panel", context), referrer="same-origin")
    messages.success(request, "A new room link: the previous one no longer opens the room.")
    return redirect("rooms:link", pk=pk)


@require_POST
def end(request, pk: int):
    """The lead ends the interview: the pads freeze and the candidate sees it is over."""
    interview = interview_for_lead(request.user, pk)
    room, _ = services.room_for_interview(interview=interview)
    try:
        services.room_end(room=room, by=request.user)
    except ValidationError as refused:
        # A state conflict (the interview has not started): the console, as a success would
        # show, with the reason and its 409 (docs/htmx.md).
        return problem(request, pk, " ".join(refused.messages), 409)
    broadcast.send_now(room.pk, "room.ended")
    messages.success(request, "Interview ended: the pads are frozen. Submit your scorecard.")
    return redirect("interviews:console", pk=pk)


@require_GET
def replay(request, pk: int):
    """Each question's pad played back: who typed what, and where they pasted."""
    interview = interview_for_replay(request.user, pk)
    pads = selectors.replay(interview.pk)
    return render(request, "rooms/replay.html", {"interview": interview, "pads": pads})
