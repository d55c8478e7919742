"""Cursor pagination over (updated_at, id): every list is a feed of changes, oldest first.

The cursor is opaque to clients (base64 of the last row's updated_at and id); the next page is the
rows strictly after it in that order, so rows that change while a client pages through move to
the end of the feed instead of being skipped or shown twice on the same walk. The (updated_at, id)
index of each table serves the query (`updated_at >= ...` is a range scan, then the tie-break).
"""

import base64
import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from ninja import Schema

from interviews.api.problems import Problem

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


@dataclass(frozen=True)
class Page:
    items: list
    next_cursor: str | None


class PageOut(Schema):
    next_cursor: str | None


def encode(updated_at: datetime, pk: int) -> str:
    raw = json.dumps([updated_at.isoformat(), pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        stamp, pk = json.loads(raw)
        moment = datetime.fromisoformat(stamp)
        if moment.tzinfo is None or not isinstance(pk, int):
            raise ValueError
        return moment, pk
    except (ValueError, TypeError, json.JSONDecodeError, UnicodeDecodeError):
        raise Problem(
            422,
            "The cursor is not one this API gave out: pass `next_cursor` as received.",
            kind="invalid",
            errors=[{"field": "query.cursor", "detail": "not a cursor from this API"}],
        ) from None


def paginate(
    queryset: QuerySet, *, cursor: str | None, limit: int, updated_since: datetime | None
) -> Page:
    rows = queryset.order_by("updated_at", "id")
    if updated_since is not None:
        rows = rows.filter(updated_at__gte=updated_since)
    if cursor:
        stamp, pk = decode(cursor)
        rows = rows.filter(updated_at__gte=stamp).filter(
            Q(updated_at__gt=stamp) | Q(updated_at=stamp, id__gt=pk)
        )
    found = list(rows[: limit + 1])
    if len(found) <= limit:
        return Page(items=found, next_cursor=None)
    last = found[limit - 1]
    return Page(items=found[:limit], next_cursor=encode(last.updated_at, last.pk))
