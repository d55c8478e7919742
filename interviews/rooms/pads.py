"""The pad's document on the server: a pycrdt Doc (the Rust engine behind Yjs, so the server
merges exactly as the browsers do) whose text is the root type "code".

A process keeps the documents of the pads it serves, each with the id of the last stored update
it holds; before validating a new update it catches up from PostgreSQL, which stays the record
(so several ASGI processes agree, and a restarted one starts from the database).
"""

import threading

from pycrdt import Doc, Text

TEXT = "code"
MAX_TEXT_BYTES = 64 * 1024
# What one pad may store in all, its updates' bytes: a 45-minute exercise typed at 5 keys a second
# stores about 0.5 MB, so 8 MB leaves room for many rewrites and pastes, and bounds what a link
# holder inserting and deleting 60 KB at a time can make the database keep (and every open replay).
MAX_STORED_BYTES = 8 * 1024 * 1024


class PadRefused(Exception):
    """An update that is not stored: too much text, or not a valid update."""

    def __init__(self, reason: str, *, code: int):
        super().__init__(reason)
        self.reason = reason
        self.code = code


def new_doc() -> Doc:
    doc = Doc()
    doc[TEXT] = Text()
    return doc


def text_of(doc: Doc) -> str:
    return str(doc[TEXT])


def doc_from(updates) -> Doc:
    doc = new_doc()
    for update in updates:
        doc.apply_update(bytes(update))
    return doc


def insertion(doc: Doc, text: str) -> bytes:
    """The update that appends `text` to the document (the server's starter code)."""
    before = doc.get_state()
    doc[TEXT] += text
    return doc.get_update(before)


class Cache:
    """pad id -> (Doc, id of the last update applied). One lock: appends are short."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.docs: dict[int, tuple[Doc, int]] = {}

    def get(self, pad_id: int) -> tuple[Doc, int]:
        return self.docs.get(pad_id) or (new_doc(), 0)

    def put(self, pad_id: int, doc: Doc, last_id: int) -> None:
        self.docs[pad_id] = (doc, last_id)

    def drop(self, pad_id: int) -> None:
        self.docs.pop(pad_id, None)


cache = Cache()
