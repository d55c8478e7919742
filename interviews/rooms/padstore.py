"""The SQL of a batch of pad appends (services.pad_append_many), written out.

A batch runs on every write of the rooms' sockets (up to hundreds a second), and the ORM spent
more CPU compiling its four statements (a row lock with a join, an OR of per-pad conditions, a
CASE update) than the database spent running them. So they are fixed SQL, with table and column
names taken from the models. Plain SQL that PostgreSQL and SQLite (the embedded default) both run;
the row lock only where the database has one.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from interviews.rooms.models import Pad, PadUpdate, Room

PAD = Pad._meta.db_table
ROOM = Room._meta.db_table
UPDATE = PadUpdate._meta.db_table
UPDATE_COLUMNS = ("pad_id", "update", "author_kind", "author_id", "label", "pasted", "created_at")


@dataclass
class LockedPad:
    pk: int
    stored_bytes: int
    frozen: bool


def lock_pads(pad_ids: list[int]) -> dict[int, LockedPad]:
    """The pads, row-locked in id order (appends from other processes wait), with what decides
    whether they still take updates."""
    lock = " FOR UPDATE OF p" if connection.features.has_select_for_update_of else ""
    marks = ", ".join(["%s"] * len(pad_ids))
    sql = (
        f"SELECT p.id, p.stored_bytes, (p.final_text IS NOT NULL OR r.ended_at IS NOT NULL) "
        f"FROM {PAD} p JOIN {ROOM} r ON r.id = p.room_id WHERE p.id IN ({marks}) "
        f"ORDER BY p.id{lock}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, pad_ids)
        return {pk: LockedPad(pk, stored, bool(frozen)) for pk, stored, frozen in cursor}


def updates_after(last_ids: dict[int, int]) -> list[tuple[int, int, bytes]]:
    """(id, pad id, update) stored after each pad's given id, in id order."""
    newer = " OR ".join(["(pad_id = %s AND id > %s)"] * len(last_ids))
    params = [value for pair in last_ids.items() for value in pair]
    sql = f"SELECT id, pad_id, {connection.ops.quote_name('update')} FROM {UPDATE} WHERE {newer}"
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY id", params)
        return [(pk, pad_id, bytes(update)) for pk, pad_id, update in cursor]


def insert_updates(rows: list[tuple], *, at: datetime) -> list[int]:
    """Insert (pad id, update, author kind, author id, label, pasted) rows; their ids, in order."""
    columns = ", ".join(connection.ops.quote_name(column) for column in UPDATE_COLUMNS)
    one = "(" + ", ".join(["%s"] * len(UPDATE_COLUMNS)) + ")"
    sql = f"INSERT INTO {UPDATE} ({columns}) VALUES {', '.join([one] * len(rows))} RETURNING id"
    stamp = connection.ops.adapt_datetimefield_value(at)
    params = [value for row in rows for value in (*row, stamp)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        # PostgreSQL and SQLite return the ids of a multi-row VALUES in its order (Django's
        # bulk_create relies on the same).
        return [pk for (pk,) in cursor.fetchall()]


def add_stored_bytes(added: dict[int, int]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {PAD} SET stored_bytes = stored_bytes + %s WHERE id = %s",
            [(size, pad_id) for pad_id, size in added.items()],
        )
