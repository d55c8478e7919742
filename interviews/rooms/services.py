"""Writes to rooms. Keyword-only, each in its own transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from interviews.models import Interview, InterviewQuestion
from interviews.rooms import pads, selectors
from interviews.rooms.models import Pad, PadUpdate, Room
from interviews.rooms.tokens import room_token, token_digest


def room_for_interview(*, interview: Interview) -> tuple[Room, str]:
    """The interview's room (made on first use) and its current link's token."""
    room = Room.objects.filter(interview=interview).first()
    if room is None:
        with transaction.atomic():
            room, _ = Room.objects.get_or_create(
                interview=interview,
                defaults={"token_digest": token_digest(room_token(interview.pk, 1))},
            )
    return room, room_token(interview.pk, room.generation)


def room_regenerate(*, room: Room) -> tuple[Room, str]:
    """A new link; the previous one opens nothing from now on (sockets on it are closed by the
    caller's broadcast)."""
    with transaction.atomic():
        room = Room.objects.select_for_update().get(pk=room.pk)
        room.generation += 1
        token = room_token(room.interview_id, room.generation)
        room.token_digest = token_digest(token)
        room.save(update_fields=["generation", "token_digest"])
    return room, token


def room_end(*, room: Room, by) -> Room:
    """The lead ends the conversation: the pads freeze, each with its final text kept for the
    report. Idempotent: ending twice keeps the first end."""
    with transaction.atomic():
        room = Room.objects.select_for_update().select_related("interview").get(pk=room.pk)
        if room.interview.state not in (Interview.State.LIVE, Interview.State.COMPLETED):
            raise ValidationError("Only an interview that has started can be ended.")
        if room.ended_at is not None:
            return room
        room.ended_at = timezone.now()
        room.ended_by = by
        room.save(update_fields=["ended_at", "ended_by"])
        for pad in Pad.objects.select_for_update().filter(room=room):
            pad.final_text = selectors.pad_text(pad)
            pad.save(update_fields=["final_text"])
    return room


def pad_seed(*, room: Room, position: int) -> Pad | None:
    """The pad of the question the lead just opened; its starter code is inserted once, by the
    server, the first time (never by a client). None if there is no such question."""
    question = (
        InterviewQuestion.objects.select_related("revision")
        .filter(interview_id=room.interview_id, position=position)
        .first()
    )
    if question is None:
        return None
    with transaction.atomic():
        pad, _ = Pad.objects.get_or_create(room=room, position=position)
        pad = Pad.objects.select_for_update().get(pk=pad.pk)
        if pad.seeded_at is not None:
            return pad
        starter = question.revision.starter_code
        if starter:
            doc = pads.doc_from(update for _, update in selectors.pad_updates(pad.pk))
            update = pads.insertion(doc, starter)
            PadUpdate.objects.create(
                pad=pad, update=update, author_kind=PadUpdate.Author.SERVER, label="Starter code"
            )
            pads.cache.drop(pad.pk)
            pad.stored_bytes += len(update)
        pad.seeded_at = timezone.now()
        pad.save(update_fields=["seeded_at", "stored_bytes"])
    return pad


def pad_append(
    *,
    pad_id: int,
    update: bytes,
    author_kind: str,
    author_id: int | None,
    label: str,
    pasted: bool = False,
) -> int:
    """Validate one Yjs update against the pad as stored and append it; returns its id.

    Refused (PadRefused, nothing stored, nothing lost) when it is not a valid update or would
    take the text past 64 KB. The pad's row lock orders appends, so the check holds across
    processes.
    """
    with transaction.atomic():
        pad = Pad.objects.select_for_update().select_related("room").get(pk=pad_id)
        if pad.final_text is not None or pad.room.ended_at is not None:
            raise pads.PadRefused("The interview has ended; the pad is frozen.", code=4409)
        if pad.stored_bytes + len(update) > pads.MAX_STORED_BYTES:
            raise pads.PadRefused(
                "This pad's history is full (8 MB of edits): nothing more is recorded.", code=4413
            )
        with pads.cache.lock:
            doc, last_id = pads.cache.get(pad_id)
            for pk, stored in selectors.pad_updates(pad_id, after=last_id):
                doc.apply_update(stored)
                last_id = pk
            try:
                doc.apply_update(update)
            except Exception as error:
                pads.cache.drop(pad_id)
                raise pads.PadRefused("That is not a valid update.", code=4400) from error
            if len(pads.text_of(doc).encode()) > pads.MAX_TEXT_BYTES:
                pads.cache.drop(pad_id)  # the refused update is in it: rebuild from the record
                raise pads.PadRefused("A pad holds at most 64 KB of text.", code=4413)
            row = PadUpdate.objects.create(
                pad_id=pad_id,
                update=update,
                author_kind=author_kind,
                author_id=author_id,
                label=label[:150],
                pasted=pasted,
            )
            pads.cache.put(pad_id, doc, row.pk)
            pad.stored_bytes += len(update)
            pad.save(update_fields=["stored_bytes"])
    return row.pk
