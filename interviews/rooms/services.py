"""Writes to rooms. Keyword-only, each in its own transaction."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from interviews.models import Interview, InterviewQuestion
from interviews.rooms import pads, padstore, selectors
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
        # In id order, as a batch of appends locks them (padstore.lock_pads): no deadlock.
        for pad in Pad.objects.select_for_update().filter(room=room).order_by("pk"):
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


@dataclass(frozen=True)
class Append:
    """One Yjs update from a socket, to be stored."""

    pad_id: int
    update: bytes
    author_kind: str
    author_id: int | None
    label: str
    pasted: bool = False


def pad_append(
    *,
    pad_id: int,
    update: bytes,
    author_kind: str,
    author_id: int | None,
    label: str,
    pasted: bool = False,
) -> int:
    """Validate one Yjs update against the pad as stored and append it; returns its id. Raises
    PadRefused (nothing stored) where pad_append_many would refuse it."""
    append = Append(pad_id, update, author_kind, author_id, label, pasted)
    (result,) = pad_append_many(appends=[append])
    if isinstance(result, pads.PadRefused):
        raise result
    return result


def pad_append_many(*, appends: Sequence[Append]) -> list[int | pads.PadRefused]:
    """Validate updates against their pads as stored and append them in one transaction, in
    order; returns, for each, the stored row's id or why it was refused.

    A refused update (not a valid update, the text past 64 KB, the history full, the pad frozen)
    stores nothing and costs nothing already typed; the others in the batch are stored. The pads'
    row locks order appends across processes, so the checks hold there too. One transaction for a
    batch, not one per keystroke: the sockets' writer (rooms/writer.py) hands over what arrived
    while the previous batch was being written.
    """
    if not appends:
        return []
    pad_ids = sorted({append.pad_id for append in appends})
    outcomes: list[int | pads.PadRefused] = []
    # Inside a caller's transaction (a test, a script) a later rollback would leave the cached
    # documents holding what was never stored: keep them only for a transaction of our own.
    keep_cache = not transaction.get_connection().in_atomic_block
    with pads.cache.lock:
        try:
            with transaction.atomic():
                found = padstore.lock_pads(pad_ids)
                docs = _caught_up(pad_ids)
                accepted: dict[int, list[bytes]] = {pad_id: [] for pad_id in pad_ids}
                rows = []
                for append in appends:
                    refusal = _refusal(found.get(append.pad_id), append, docs, accepted)
                    if refusal is not None:
                        outcomes.append(refusal)
                        continue
                    accepted[append.pad_id].append(append.update)
                    found[append.pad_id].stored_bytes += len(append.update)
                    outcomes.append(len(rows))  # the index of its row, until it has an id
                    rows.append(_row(append))
                ids = padstore.insert_updates(rows, at=timezone.now()) if rows else []
                added = {pad_id: sum(map(len, updates)) for pad_id, updates in accepted.items()}
                padstore.add_stored_bytes({pad_id: n for pad_id, n in added.items() if n})
        except BaseException:
            for pad_id in pad_ids:  # their documents may hold what was not stored
                pads.cache.drop(pad_id)
            raise
        last_ids: dict[int, int] = {}
        for row, pk in zip(rows, ids, strict=True):
            last_ids[row[0]] = max(pk, last_ids.get(row[0], 0))
        for pad_id, (doc, last_id) in docs.items():
            if keep_cache:
                pads.cache.put(pad_id, doc, last_ids.get(pad_id, last_id))
            else:
                pads.cache.drop(pad_id)
    return [ids[o] if isinstance(o, int) else o for o in outcomes]


def _caught_up(pad_ids: list[int]) -> dict[int, tuple]:
    """Each pad's cached document brought up to the record (one query for all of them)."""
    docs = {pad_id: pads.cache.get(pad_id) for pad_id in pad_ids}
    for pk, pad_id, update in padstore.updates_after({p: last for p, (_, last) in docs.items()}):
        doc, _ = docs[pad_id]
        doc.apply_update(update)
        docs[pad_id] = (doc, pk)
    return docs


def _refusal(pad, append: Append, docs: dict, accepted: dict) -> pads.PadRefused | None:
    """Why this update may not be stored, or None; a refused update leaves its pad's document as
    the record plus what this batch accepted before it."""
    if pad is None:
        return pads.PadRefused("That pad does not exist.", code=4404)
    if pad.frozen:
        return pads.PadRefused("The interview has ended; the pad is frozen.", code=4409)
    if pad.stored_bytes + len(append.update) > pads.MAX_STORED_BYTES:
        return pads.PadRefused(
            "This pad's history is full (8 MB of edits): nothing more is recorded.", code=4413
        )
    doc, last_id = docs[append.pad_id]
    try:
        doc.apply_update(append.update)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # a panic in the Rust engine (pyo3's PanicException) included
        refusal = pads.PadRefused("That is not a valid update.", code=4400)
    else:
        if len(pads.text_of(doc).encode()) <= pads.MAX_TEXT_BYTES:
            return None
        refusal = pads.PadRefused("A pad holds at most 64 KB of text.", code=4413)
    # The refused update is in the document now: rebuild it without.
    stored = (update for _, update in selectors.pad_updates(append.pad_id, after=0))
    docs[append.pad_id] = (pads.doc_from([*stored, *accepted[append.pad_id]]), last_id)
    return refusal


def _row(append: Append) -> tuple:
    author = (append.author_kind, append.author_id, append.label[:150])
    return (append.pad_id, append.update, *author, append.pasted)


def pad_missing(*, pad_id: int, state_vector: bytes) -> bytes:
    """What a holder of `state_vector` lacks of the pad as stored (a Yjs update: the structs it
    has not seen and every deletion), from this process's copy brought up to the record."""
    with pads.cache.lock:
        docs = _caught_up([pad_id])
        doc, last_id = docs[pad_id]
        pads.cache.put(pad_id, doc, last_id)
        try:
            return doc.get_update(state_vector)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:
            raise pads.PadRefused("That is not a state vector.", code=4400) from error
