"""Bytes to plain Python values that remember the line each value came from.

Only what YAML can say safely gets through: UTF-8 text of at most MAX_BYTES, one document, no
aliases (so no "billion laughs"), no tags beyond the standard scalars, no duplicate keys, bounded
nesting. The composer here walks the parser's events (libyaml's when it is installed) with an
explicit stack, so neither a deep document nor a large one can exhaust the Python stack.

Mappings come back as `YMap` (a dict with `line`, `key_lines` and `raw`), sequences as `YList` (a
list with `line`, `item_lines` and `raw`). `raw` keeps the source text of plain scalars that YAML
read as something other than a string (`title: 2026`, `- No`), so a text field can still take them
as written. A value that could not be read is `INVALID`: its problem is already reported.
"""

import re

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import ScalarNode

from questionbank.exchange.problems import Problem, Problems

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40
# Values (scalars, lists, mappings; keys not counted) in one file. Measured: the shipped bank
# (questionbank/kits/senior-go.yaml, 39 questions, 234 KB) holds 2,570, about 91 bytes a value, so
# a bank written like it reaches the 5 MB cap at about 57,000; `bench_import`'s generated
# 1,000-question file (1.8 MB, terser) holds 41,159. 100,000 is 39 times the shipped bank, with
# room for both. It bounds the work a file can cause: the worst files found (bench_import_limits)
# take at most about a second of CPU and 40 MB over the process's baseline, where 1,000,000 let a
# 3 MB `[{}, {}, ...]` take 157 s and 3.2 GB.
MAX_NODES = 100_000


class ValueBudget:
    """The values one import may still read, across all of its files: an upload of fifty files
    is bounded like one file, not fifty times over."""

    def __init__(self, limit: int = MAX_NODES):
        self.left = limit


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# What a YAML stream may contain (libyaml's set: it also refuses a byte-order mark mid-text).
_UNPRINTABLE = re.compile(
    r"[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")  # PostgreSQL text can't hold NUL or surrogates
_SCALAR_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "str", "timestamp")
}
_KINDS = {"int": "a whole number", "float": "a number", "timestamp": "a date", "bool": "true/false"}
_MAP_TAGS = {None, "!", "tag:yaml.org,2002:map"}
_SEQ_TAGS = {None, "!", "tag:yaml.org,2002:seq"}
_NODE_EVENTS = (ScalarEvent, MappingStartEvent, SequenceStartEvent, AliasEvent)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


class _Invalid:
    __slots__ = ()

    def __repr__(self) -> str:
        return "INVALID"


INVALID = _Invalid()


class YMap(dict):
    __slots__ = ("key_lines", "line", "raw")

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}
        self.raw: dict[str, str] = {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YList(list):
    __slots__ = ("item_lines", "line", "raw")

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []
        self.raw: dict[int, str] = {}

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


def show(value: object, limit: int = 40) -> str:
    """A short, one-line, quoted rendering of a value from the input, for messages."""
    text = value if isinstance(value, str) else str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text)


def path_str(path: tuple) -> str:
    """("questions", 3, "rubric") -> "questions[3].rubric"; the root is "(document)"."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _NAME.fullmatch(part):
            out += f".{part}" if out else part
        else:
            out += f"[{show(part)}]"
    return out or "(document)"


class _Fatal(Exception):
    def __init__(self, line: int, path: str, message: str):
        super().__init__(message)
        self.line, self.path, self.message = line, path, message


def read(
    name: str, content: bytes | str, problems: Problems, budget: ValueBudget | None = None
) -> object:
    """The document's root value, or INVALID when the file can't be read as YAML at all.

    Problems go to `problems`; a document with problems may still be returned (with INVALID where
    a value could not be read), so its other mistakes can be reported too.
    """
    text = _decode(name, content, problems)
    if text is None:
        return INVALID
    try:
        return _compose(name, text, problems, budget or ValueBudget())
    except _Fatal as fatal:
        problems.stop(Problem(name, fatal.line, fatal.path, fatal.message))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        parts = [part for part in (error.context, error.problem) if part]
        message = "; ".join(parts) or "unreadable"
        problems.stop(Problem(name, mark.line + 1 if mark else 1, "(yaml)", f"not YAML: {message}"))
    except yaml.YAMLError as error:
        position = getattr(error, "position", 0)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else 1
        reason = getattr(error, "reason", "") or "unreadable"
        problems.stop(Problem(name, line, "(yaml)", f"not YAML: {reason}"))
    return INVALID


def _decode(name: str, content: bytes | str, problems: Problems) -> str | None:
    limit = (
        f"the file is larger than the {MAX_BYTES // 2**20} MB limit; split it into several files"
    )
    if isinstance(content, str):
        if len(content) > MAX_BYTES or len(content.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            problems.stop(Problem(name, 1, "(file)", limit))
            return None
        text = content
    else:
        data = bytes(content)
        if len(data) > MAX_BYTES:
            problems.stop(Problem(name, 1, "(file)", limit))
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            message = (
                f"not UTF-8 text: byte 0x{data[error.start]:02x} at offset {error.start} is not "
                "valid UTF-8 (is this a binary file? save YAML as UTF-8)"
            )
            problems.stop(Problem(name, line, "(file)", message))
            return None
    text = text.removeprefix("\ufeff")
    bad = _UNPRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        message = (
            f"character U+{ord(bad.group()):04X} can't appear in YAML text "
            "(a control character, or a binary file?)"
        )
        problems.stop(Problem(name, line, "(file)", message))
        return None
    return text


class _Frame:
    __slots__ = ("container", "key", "path")

    def __init__(self, container, path: tuple):
        self.container = container
        self.path = path
        self.key: str | None = None  # a mapping's pending key, between the key and its value


def _compose(name: str, text: str, problems: Problems, budget: ValueBudget) -> object:
    loader = _Loader(text)
    stack: list[_Frame] = []
    root: object = None
    documents = 0

    def child_path(frame: _Frame | None) -> tuple:
        if frame is None:
            return ()
        if isinstance(frame.container, YMap):
            return (*frame.path, frame.key)
        return (*frame.path, len(frame.container))

    def problem(line: int, frame: _Frame | None, message: str) -> None:
        if problems.full:
            problems.count()  # no one reads it: skip rendering its path
            return
        problems.add(Problem(name, line, path_str(child_path(frame)), message))

    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    line = event.start_mark.line + 1
                    raise _Fatal(line, "(yaml)", "only one YAML document per file (found '---')")
                continue
            if isinstance(event, MappingEndEvent | SequenceEndEvent):
                stack.pop()
                continue
            if not isinstance(event, _NODE_EVENTS):
                continue  # stream and document boundaries
            line = event.start_mark.line + 1
            parent = stack[-1] if stack else None

            if parent is not None and isinstance(parent.container, YMap) and parent.key is None:
                if not isinstance(event, ScalarEvent):
                    path = path_str(parent.path)
                    raise _Fatal(line, path, "a key must be a plain name, not a list or mapping")
                key = parent.key = event.value
                if key in parent.container:
                    first = parent.container.key_lines[key]
                    problem(line, parent, f"{show(key)} appears twice (first on line {first})")
                parent.container.key_lines[key] = line
                continue

            budget.left -= 1
            if budget.left < 0:
                raise _Fatal(
                    line, "(file)", f"more than {MAX_NODES:,} values in this import; split the file"
                )
            raw = None
            container = None
            if isinstance(event, AliasEvent):
                problem(line, parent, f"aliases (*{event.anchor}) are not allowed; write it out")
                value: object = INVALID
            elif isinstance(event, ScalarEvent):
                value, raw, message = _scalar(loader, event)
                if message:
                    problem(line, parent, message)
            else:
                is_map = isinstance(event, MappingStartEvent)
                if len(stack) >= MAX_DEPTH:
                    raise _Fatal(line, "(yaml)", f"nested more than {MAX_DEPTH} levels deep")
                container = YMap(line) if is_map else YList(line)
                container_path = child_path(parent)
                value = container
                if event.tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
                    problem(line, parent, f"the tag {_short(event.tag)} is not supported here")
                    value = INVALID  # still composed (its events must be read), never checked

            if parent is None:
                root = value
            elif isinstance(parent.container, YMap):
                parent.container[parent.key] = value
                if raw is None:
                    parent.container.raw.pop(parent.key, None)
                else:
                    parent.container.raw[parent.key] = raw
                parent.key = None
            else:
                if raw is not None:
                    parent.container.raw[len(parent.container)] = raw
                parent.container.item_lines.append(line)
                parent.container.append(value)
            if container is not None:
                stack.append(_Frame(container, container_path))
    finally:
        loader.dispose()
    if documents == 0:
        raise _Fatal(1, "(document)", "the file is empty")
    return root


def _scalar(loader, event: ScalarEvent) -> tuple[object, str | None, str | None]:
    """(value, raw source text if a plain non-string, problem message or None)."""
    tag = event.tag
    if tag is None or tag == "!":
        tag = loader.resolve(ScalarNode, event.value, event.implicit)
    if tag not in _SCALAR_TAGS:
        return INVALID, None, f"the tag {_short(tag)} is not supported here"
    node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        value = SafeConstructor.yaml_constructors[tag](loader, node)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):
        if event.tag in (None, "!"):
            # Only looked like a date or a number (2026-02-30, 5000 digits): it is text.
            value = event.value
        else:
            kind = _KINDS.get(tag.rsplit(":", 1)[-1], "a value")
            return INVALID, None, f"{show(event.value)} can't be read as {kind}"
    if isinstance(value, str):
        bad = _UNSTORABLE.search(value)
        if bad:
            return INVALID, None, f"contains U+{ord(bad.group()):04X}, which can't be stored"
        return value, None, None
    raw = event.value if value is not None and not event.style else None
    return value, raw, None


def _short(tag: str) -> str:
    return show(tag.replace("tag:yaml.org,2002:", "!!"), 60)
