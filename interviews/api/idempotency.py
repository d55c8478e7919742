"""`Idempotency-Key`: a retried POST answers with the resource the first one made, never a second.

The record is inserted in the write's own transaction, after the write: of two concurrent requests
with one key, the second's insert waits on the unique index until the first commits, then fails,
and its whole transaction (its own candidate, interview or loop included) rolls back; it answers
with the first one's resource. A write that is refused records nothing, so a corrected retry with
the same key is judged anew. The same key with a different request (method, path or body) is a
422: it is a client's bug, and replaying the other resource would hide it.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from interviews.api.models import IdempotentRequest
from interviews.api.problems import Problem

HEADER = "Idempotency-Key"
MAX_LENGTH = 255


@dataclass(frozen=True)
class Outcome:
    status: int
    kind: str  # what the resource is: candidate, interview, loop, feedback-link
    pk: int
    replayed: bool = False


class Raced(Exception):
    """Another request with the same key committed first."""


def fingerprint(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), request.body):
        digest.update(part + b"\0")
    return digest.hexdigest()


def key_of(request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not key or len(key) > MAX_LENGTH or not key.isprintable() or not key.isascii():
        raise Problem(
            422,
            f"{HEADER} must be 1 to {MAX_LENGTH} printable ASCII characters.",
            kind="invalid",
            errors=[{"field": f"header.{HEADER}", "detail": "1 to 255 printable ASCII"}],
        )
    return key


def replay(record: IdempotentRequest, print_: str) -> Outcome:
    if record.fingerprint != print_:
        raise Problem(
            422,
            f"This {HEADER} was used with a different request; use a new key for a new request.",
            kind="idempotency-key-reused",
            errors=[{"field": f"header.{HEADER}", "detail": "already used for another request"}],
        )
    return Outcome(record.status_code, record.resource_type, record.resource_id, replayed=True)


def run(request, write: Callable[[], Outcome]) -> Outcome:
    """write() makes the resource (in its own services' transactions, nested in this one)."""
    key = key_of(request)
    if key is None:
        return write()
    api_key, print_ = request.auth, fingerprint(request)
    found = IdempotentRequest.objects.filter(api_key=api_key, key=key).first()
    if found is not None:
        return replay(found, print_)
    try:
        with transaction.atomic():
            outcome = write()
            try:
                with transaction.atomic():
                    IdempotentRequest.objects.create(
                        api_key=api_key,
                        key=key,
                        fingerprint=print_,
                        status_code=outcome.status,
                        resource_type=outcome.kind,
                        resource_id=outcome.pk,
                    )
            except IntegrityError:
                raise Raced from None
    except Raced:
        return replay(IdempotentRequest.objects.get(api_key=api_key, key=key), print_)
    return outcome
