"""What every section of the document check shares: located problems, the rows a check yields,
and typed getters that report a wrong value at its line and field path.

A getter returns None for a value that is invalid (and says so once); a caller checks the count
of problems before and after a section to know whether its row may be kept.
"""

import datetime
import difflib
import re
from dataclasses import dataclass, field

from questionbank.content import RevisionContent
from questionbank.exchange.problems import Problem, Problems
from questionbank.exchange.reading import INVALID, YList, YMap, path_str, show
from questionbank.models import TargetLevel

SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
TARGET_LEVELS = tuple(TargetLevel.values)
MAX_ITEMS = 200  # in any list inside a question or kit (positions are small integers)


@dataclass(frozen=True)
class Where:
    file: str
    line: int
    path: str

    def problem(self, message: str) -> Problem:
        return Problem(self.file, self.line, self.path, message)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class TopicRow:
    slug: str
    name: str
    description: str
    learning: str = ""


@dataclass
class QuestionRow:
    slug: str
    topic: str
    tags: list[str]
    content: RevisionContent


@dataclass
class EntryRow:
    question: str
    minutes: int
    weight: int


@dataclass
class KitRow:
    slug: str
    name: str
    description: str
    target_level: str
    entries: list[EntryRow]
    slot_minutes: int | None = None
    intro_minutes: int = 0
    closing_minutes: int = 0


@dataclass
class Checked:
    """What one file holds: rows that passed, and every slug it defines or refers to."""

    topics: list[TopicRow] = field(default_factory=list)
    questions: list[QuestionRow] = field(default_factory=list)
    kits: list[KitRow] = field(default_factory=list)
    # (kind, slug, where): kind is "topic", "question" or "kit".
    defines: list[tuple[str, str, Where]] = field(default_factory=list)
    refers: list[tuple[str, str, Where]] = field(default_factory=list)


def describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {show(value)}"
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YList):
        return "a list"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    return type(value).__name__


class Checker:
    """One file's check: the import's problems so far, and the rows and slugs it has found."""

    def __init__(self, name: str, problems: Problems):
        self.name = name
        self.problems = problems
        self.out = Checked()

    # --- reporting ----------------------------------------------------------------------------

    def where(self, container: YMap | YList, key: str | int, path: tuple) -> Where:
        return Where(self.name, container.line_of(key), path_str((*path, key)))

    def error(self, container: YMap | YList, key: str | int, path: tuple, message: str) -> None:
        if self.problems.full:
            self.problems.count()  # past the listed ones: skip rendering where it is
            return
        self.problems.add(self.where(container, key, path).problem(message))

    def errors(self, container: YMap, path: tuple, problems: dict[str, list[str]]) -> None:
        """Problems keyed by field (questionbank.rules), each at its field's line."""
        for key, messages in problems.items():
            for message in messages:
                self.error(container, key, path, message)

    # --- typed getters: None means "invalid, already reported" ---------------------------------

    def mapping(self, container, key, path: tuple, fields: dict[str, bool]) -> YMap | None:
        value = container[key]
        if value is INVALID:
            return None
        if not isinstance(value, YMap):
            names = ", ".join(fields)
            self.error(
                container, key, path, f"expected a mapping of {names}; got {describe(value)}"
            )
            return None
        self.fields(value, (*path, key), fields)
        return value

    def fields(self, value: YMap, here: tuple, fields: dict[str, bool]) -> None:
        for unknown in sorted(value.keys() - fields.keys()):
            if self.problems.full:
                self.problems.count()  # the suggestion is the costly part, and no one reads it
                continue
            hint = difflib.get_close_matches(unknown, list(fields), n=1)
            expected = f"did you mean {hint[0]!r}?" if hint else "expected " + ", ".join(fields)
            self.error(value, unknown, here, f"unknown field; {expected}")
        for name, required in fields.items():
            if required and name not in value:
                self.error(value, name, here, "required field is missing")

    def text(self, container, key, path: tuple, *, required=True, one_line=False, limit=None):
        if isinstance(container, YMap) and key not in container:
            return None if required else ""
        value = container[key]
        if value is INVALID:
            return None
        if value is None:
            if required:
                self.error(container, key, path, "is empty")
                return None
            return ""
        if not isinstance(value, str):
            value = container.raw.get(key)
            if value is None:
                got = describe(container[key])
                self.error(container, key, path, f"expected text; got {got}")
                return None
        if required and not value.strip():
            self.error(container, key, path, "is blank")
            return None
        if one_line and value.splitlines() != [value]:
            self.error(container, key, path, "must be a single line")
            return None
        if limit is not None and len(value) > limit:
            message = f"is {len(value)} characters long; the limit is {limit}"
            self.error(container, key, path, message)
            return None
        return value

    def slug(self, container, key, path: tuple, limit: int) -> str | None:
        value = self.text(container, key, path, one_line=True, limit=limit)
        if value is not None and not SLUG.fullmatch(value):
            message = f"{show(value)} is not a slug: use lowercase letters, digits and hyphens"
            self.error(container, key, path, message)
            return None
        return value

    def choice(
        self, container, key, path: tuple, choices: tuple[str, ...], *, required=True
    ) -> str | None:
        """One of choices; an optional choice left out is ""."""
        value = self.text(container, key, path, one_line=True, required=required)
        if value and value not in choices:
            self.error(container, key, path, f"{show(value)} is not one of {', '.join(choices)}")
            return None
        return value

    def integer(self, container, key, path: tuple, low: int, high: int, default=None):
        if isinstance(container, YMap) and key not in container:
            return default
        value = container[key]
        if value is INVALID:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            message = f"expected a whole number {low}-{high}; got {describe(value)}"
            self.error(container, key, path, message)
            return None
        if not low <= value <= high:
            shown = value if abs(value) < 10**9 else f"{str(value)[:9]}…"
            self.error(container, key, path, f"{key} {shown} is outside {low}-{high}")
            return None
        return value

    def sequence(self, container: YMap, key: str, path: tuple, *, required=False, limit=MAX_ITEMS):
        """The list under key; a missing or empty optional list is an empty list."""
        if key not in container:
            return None if required else YList(container.line)
        value = container[key]
        if value is INVALID:
            return None
        if value is None and not required:
            return YList(container.line_of(key))
        if not isinstance(value, YList):
            self.error(container, key, path, f"expected a list; got {describe(value)}")
            return None
        if limit is not None and len(value) > limit:
            message = f"has {len(value)} items; the limit is {limit}"
            self.error(container, key, path, message)
            return None
        return value

    def texts(self, container: YMap, key: str, path: tuple, **options) -> list[str] | None:
        items = self.sequence(container, key, path)
        if items is None:
            return None
        here = (*path, key)
        values = [self.text(items, index, here, **options) for index in range(len(items))]
        return None if None in values else values
