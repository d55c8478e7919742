"""services.pad_append_many and the sockets' writer: a batch stores what is valid, refuses the
rest one by one, and the server's copy of each pad stays the record."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from django.db import DatabaseError, connections

from interviews.rooms import pads, services
from interviews.rooms.models import Pad, PadUpdate, Room
from interviews.rooms.selectors import pad_text
from interviews.rooms.writer import PadWriter


def pad_of(interview, position: int = 1) -> Pad:
    room, _ = services.room_for_interview(interview=interview)
    return Pad.objects.get_or_create(room=room, position=position)[0]


class Typist:
    """A participant's own copy of a pad, making updates as an editor would."""

    def __init__(self) -> None:
        self.doc = pads.new_doc()

    def type(self, text: str) -> bytes:
        return pads.insertion(self.doc, text)


def append(pad: Pad, update: bytes, label: str = "Candidate") -> services.Append:
    return services.Append(
        pad_id=pad.pk,
        update=update,
        author_kind=PadUpdate.Author.CANDIDATE,
        author_id=None,
        label=label,
    )


def test_a_batch_stores_its_updates_in_order_across_pads(interview):
    first, second = pad_of(interview, 1), pad_of(interview, 2)
    one, two = Typist(), Typist()
    outcomes = services.pad_append_many(
        appends=[
            append(first, one.type("func ")),
            append(second, two.type("SELECT ")),
            append(first, one.type("main()")),
        ]
    )
    assert all(isinstance(outcome, int) for outcome in outcomes)
    assert outcomes == sorted(outcomes)
    assert pad_text(first) == "func main()"
    assert pad_text(second) == "SELECT "
    first.refresh_from_db()
    assert first.stored_bytes == sum(len(u) for u in first.updates.values_list("update", flat=True))


def test_a_refused_update_in_a_batch_costs_the_others_nothing(interview):
    pad = pad_of(interview)
    typist = Typist()
    kept = typist.type("x" * 60_000)
    too_much = typist.type("y" * 10_000)
    outcomes = services.pad_append_many(
        appends=[append(pad, kept), append(pad, b"\x07garbage"), append(pad, too_much)]
    )
    assert isinstance(outcomes[0], int)
    assert outcomes[1].reason == "That is not a valid update."
    assert "64 KB" in outcomes[2].reason
    assert PadUpdate.objects.filter(pad=pad).count() == 1
    # The server's copy dropped both refusals: the next edit lands on the stored text.
    after = Typist()
    after.doc.apply_update(kept)
    services.pad_append(
        pad_id=pad.pk,
        update=after.type("!"),
        author_kind=PadUpdate.Author.CANDIDATE,
        author_id=None,
        label="Candidate",
    )
    assert pad_text(pad) == "x" * 60_000 + "!"


def test_a_batch_catches_up_with_what_another_process_stored(interview):
    pad = pad_of(interview)
    typist = Typist()
    services.pad_append_many(appends=[append(pad, typist.type("a"))])
    # Another ASGI process stored this one: this process's copy has not seen it.
    PadUpdate.objects.create(
        pad=pad,
        update=typist.type("b"),
        author_kind=PadUpdate.Author.PANELIST,
        author=interview.panelists.get(is_lead=True).user,
        label="Ada",
    )
    outcomes = services.pad_append_many(appends=[append(pad, typist.type("c" * 65_535))])
    # Counted with the catch-up, "ab" and 65,535 more characters is one byte past 64 KB.
    assert "64 KB" in outcomes[0].reason
    assert pad_text(pad) == "ab"


def test_a_frozen_pad_refuses_the_whole_batch_for_it(interview):
    pad = pad_of(interview)
    Room.objects.filter(pk=pad.room_id).update(ended_at="2026-01-01T00:00:00Z")
    outcomes = services.pad_append_many(appends=[append(pad, Typist().type("late"))])
    assert "ended" in outcomes[0].reason
    assert not PadUpdate.objects.filter(pad=pad).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.anyio
async def test_the_writer_stores_what_arrives_together_in_one_transaction(interview):
    pad = await sync_to_async(pad_of)(interview)
    typists = [Typist() for _ in range(20)]
    writer = PadWriter()
    try:
        outcomes = await asyncio.gather(
            *(writer.append(append(pad, t.type(f"<{i}>"))) for i, t in enumerate(typists))
        )
        stamps = await sync_to_async(set)(
            PadUpdate.objects.filter(pad=pad).values_list("created_at", flat=True)
        )
        text = await sync_to_async(pad_text)(pad)
    finally:
        await sync_to_async(connections.close_all)()
    assert all(isinstance(outcome, int) for outcome in outcomes)
    assert all(f"<{i}>" in text for i in range(20))
    # All twenty were handed over before the writer's task first ran: one transaction, one time.
    assert len(stamps) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.anyio
async def test_one_appends_database_error_fails_only_its_own_socket(interview):
    pad = await sync_to_async(pad_of)(interview)
    typists = [Typist() for _ in range(3)]
    appends = [append(pad, t.type(f"<{i}>")) for i, t in enumerate(typists)]
    # PostgreSQL refuses a NUL in text: this row makes its batch's INSERT fail.
    appends[1] = append(pad, typists[1].type("<1>"), label="Ada\x00")
    writer = PadWriter()
    try:
        outcomes = await asyncio.gather(
            *(writer.append(a) for a in appends), return_exceptions=True
        )
        text = await sync_to_async(pad_text)(pad)
    finally:
        await sync_to_async(connections.close_all)()
    assert isinstance(outcomes[0], int)
    assert isinstance(outcomes[1], DatabaseError)
    assert isinstance(outcomes[2], int)
    assert "<0>" in text
    assert "<2>" in text
    assert "<1>" not in text


def test_a_pad_that_missed_a_deletion_gets_it_back_from_the_record(interview):
    pad = pad_of(interview)
    typist = Typist()
    inserted = typist.type("keep DELETEME keep")
    before = typist.doc.get_state()
    del typist.doc[pads.TEXT][5:14]
    deleted = typist.doc.get_update(before)
    for update in (inserted, deleted):
        services.pad_append(
            pad_id=pad.pk,
            update=update,
            author_kind=PadUpdate.Author.CANDIDATE,
            author_id=None,
            label="Candidate",
        )
    watcher = Typist()
    watcher.doc.apply_update(inserted)  # the deletion's relay never reached it
    assert pads.text_of(watcher.doc) == "keep DELETEME keep"
    # A deletion moves no clock: the watcher's state vector looks complete, yet the answer
    # to it carries every deletion.
    assert watcher.doc.get_state() == typist.doc.get_state()
    watcher.doc.apply_update(
        services.pad_missing(pad_id=pad.pk, state_vector=watcher.doc.get_state())
    )
    assert pads.text_of(watcher.doc) == "keep keep"
