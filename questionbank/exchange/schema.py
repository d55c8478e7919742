"""The shape of a bank document: read values in, checked rows out, every mistake located.

`check()` never stops at the first mistake: it walks the whole document, reports each problem with
its line and field path, and returns the rows that passed along with every slug the document
defines or refers to, so that references across files can be checked afterwards.
"""

import datetime
import difflib
import re
from dataclasses import dataclass, field

from questionbank.exchange.reading import INVALID, Problem, YList, YMap, path_str, show
from questionbank.models import ANCHOR_LEVELS, TargetLevel
from questionbank.services import RevisionContent, rubric_problems

FORMAT = "loupe-questionbank/1"
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
TARGET_LEVELS = tuple(TargetLevel.values)

# Field name -> required. The order is the order export writes them in.
ROOT_FIELDS = {"format": True, "topics": False, "questions": False, "kits": False}
TOPIC_FIELDS = {"slug": True, "name": True, "description": False}
QUESTION_FIELDS = {
    "slug": True,
    "topic": True,
    "tags": False,
    "title": True,
    "prompt": True,
    "guidance": False,
    "follow_ups": False,
    "expected_minutes": True,
    "target_level": True,
    "rubric": True,
}
RUBRIC_FIELDS = {"anchors": True, "signals": True, "red_flags": False}
LEVEL_TEXT_FIELDS = {"level": True, "text": True}
KIT_FIELDS = {
    "slug": True,
    "name": True,
    "description": False,
    "target_level": True,
    "questions": False,
}
ENTRY_FIELDS = {"question": True, "minutes": True, "weight": False}

MAX_TAG_LENGTH = 40
MAX_WEIGHT = 1000
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


def check(name: str, root: object) -> tuple[Checked, list[Problem]]:
    checker = _Checker(name)
    checker.document(root)
    return checker.out, checker.problems


class _Checker:
    def __init__(self, name: str):
        self.name = name
        self.problems: list[Problem] = []
        self.out = Checked()

    # --- reporting ----------------------------------------------------------------------------

    def where(self, container: YMap | YList, key: str | int, path: tuple) -> Where:
        return Where(self.name, container.line_of(key), path_str((*path, key)))

    def error(self, container: YMap | YList, key: str | int, path: tuple, message: str) -> None:
        self.problems.append(self.where(container, key, path).problem(message))

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

    def choice(self, container, key, path: tuple, choices: tuple[str, ...]) -> str | None:
        value = self.text(container, key, path, one_line=True)
        if value is not None and value not in choices:
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

    # --- the document -------------------------------------------------------------------------

    def document(self, root: object) -> None:
        if root is INVALID:
            return
        if not isinstance(root, YMap):
            line = root.line if isinstance(root, YList) else 1
            message = (
                "expected a mapping with format, and optionally topics, questions and kits; "
                f"got {describe(root)}"
            )
            self.problems.append(Problem(self.name, line, "(document)", message))
            return
        document = root
        self.fields(document, (), ROOT_FIELDS)
        value = self.text(document, "format", (), one_line=True)
        if value is not None and value != FORMAT:
            message = f"expected {FORMAT!r}; got {show(value)}"
            self.error(document, "format", (), message)
        for key, each in (("topics", self.topic), ("questions", self.question), ("kits", self.kit)):
            items = self.sequence(document, key, (), limit=None)
            for index in range(len(items or ())):
                each(items, index, (key,))

    def topic(self, items: YList, index: int, path: tuple) -> None:
        before = len(self.problems)
        item = self.mapping(items, index, path, TOPIC_FIELDS)
        if item is None:
            return
        here = (*path, index)
        slug = self.slug(item, "slug", here, limit=80)
        name = self.text(item, "name", here, one_line=True, limit=120)
        description = self.text(item, "description", here, required=False)
        if slug is not None:
            self.out.defines.append(("topic", slug, self.where(item, "slug", here)))
        if len(self.problems) == before:
            self.out.topics.append(TopicRow(slug=slug, name=name, description=description))

    def question(self, items: YList, index: int, path: tuple) -> None:
        before = len(self.problems)
        item = self.mapping(items, index, path, QUESTION_FIELDS)
        if item is None:
            return
        here = (*path, index)
        slug = self.slug(item, "slug", here, limit=120)
        topic = self.slug(item, "topic", here, limit=80)
        tags = self.texts(item, "tags", here, one_line=True, limit=MAX_TAG_LENGTH)
        title = self.text(item, "title", here, one_line=True, limit=200)
        prompt = self.text(item, "prompt", here)
        guidance = self.text(item, "guidance", here, required=False)
        follow_ups = self.texts(item, "follow_ups", here)
        minutes = self.integer(item, "expected_minutes", here, 1, 60)
        level = self.choice(item, "target_level", here, TARGET_LEVELS)
        rubric = self.rubric(item, here) if "rubric" in item else None
        if slug is not None:
            self.out.defines.append(("question", slug, self.where(item, "slug", here)))
        if topic is not None:
            self.out.refers.append(("topic", topic, self.where(item, "topic", here)))
        # None is a part that could not be read, reported already (by the reader, if INVALID).
        parts = (slug, topic, tags, title, prompt, guidance, follow_ups, minutes, level, rubric)
        if len(self.problems) > before or None in parts:
            return
        anchors, signals, red_flags = rubric
        content = RevisionContent(
            title=title,
            prompt=prompt,
            guidance=guidance,
            expected_minutes=minutes,
            target_level=level,
            anchors=anchors,
            signals=signals,
            red_flags=red_flags,
            follow_ups=follow_ups,
        )
        # The checks above already imply these; asking the service keeps the two in step.
        for problem in rubric_problems(content):
            self.error(item, "rubric", here, problem)
        if len(self.problems) == before:
            self.out.questions.append(QuestionRow(slug, topic, tags, content))

    def rubric(self, question: YMap, path: tuple):
        before = len(self.problems)
        rubric = self.mapping(question, "rubric", path, RUBRIC_FIELDS)
        if rubric is None:
            return None
        here = (*path, "rubric")
        anchors = self.levelled(rubric, "anchors", here, unique=True)
        signals = self.levelled(rubric, "signals", here, unique=False)
        red_flags = self.texts(rubric, "red_flags", here)
        if anchors is not None:
            missing = [str(level) for level in ANCHOR_LEVELS if level not in dict(anchors)]
            if missing:
                message = (
                    "needs exactly four anchors, one for each level 1-4; "
                    f"missing level{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
                )
                self.error(rubric, "anchors", here, message)
        if signals == []:
            self.error(rubric, "signals", here, "needs at least one signal")
        if len(self.problems) > before or None in (anchors, signals, red_flags):
            return None
        return dict(anchors), signals, red_flags

    def levelled(self, rubric: YMap, key: str, path: tuple, *, unique: bool):
        """A list of {level, text}: the anchors (one per level) or the signals."""
        items = self.sequence(rubric, key, path, required=True)
        if items is None:
            return None
        here = (*path, key)
        result: list[tuple[int, str]] = []
        seen: dict[int, int] = {}
        valid = True
        for index in range(len(items)):
            item = self.mapping(items, index, here, LEVEL_TEXT_FIELDS)
            if item is None:
                valid = False
                continue
            there = (*here, index)
            level = self.integer(item, "level", there, 1, 4)
            text = self.text(item, "text", there)
            if unique and level in seen:
                message = f"level {level} appears twice (also {key}[{seen[level]}])"
                self.error(item, "level", there, message)
                level = None
            if level is None or text is None:
                valid = False
                continue
            seen[level] = index
            result.append((level, text))
        return result if valid else None

    def kit(self, items: YList, index: int, path: tuple) -> None:
        before = len(self.problems)
        item = self.mapping(items, index, path, KIT_FIELDS)
        if item is None:
            return
        here = (*path, index)
        slug = self.slug(item, "slug", here, limit=80)
        name = self.text(item, "name", here, one_line=True, limit=160)
        description = self.text(item, "description", here, required=False)
        level = self.choice(item, "target_level", here, TARGET_LEVELS)
        entries = self.sequence(item, "questions", here)
        if slug is not None:
            self.out.defines.append(("kit", slug, self.where(item, "slug", here)))
        rows: list[EntryRow] = []
        positions: dict[str, int] = {}
        there = (*here, "questions")
        for position in range(len(entries or ())):
            entry = self.mapping(entries, position, there, ENTRY_FIELDS)
            if entry is None:
                continue
            at = (*there, position)
            question = self.slug(entry, "question", at, limit=120)
            minutes = self.integer(entry, "minutes", at, 1, 60)
            weight = self.integer(entry, "weight", at, 1, MAX_WEIGHT, default=1)
            if question is not None:
                if question in positions:
                    first = positions[question]
                    message = f"{show(question)} is already in this kit at questions[{first}]"
                    self.error(entry, "question", at, message)
                    continue
                positions[question] = position
                self.out.refers.append(("question", question, self.where(entry, "question", at)))
            if None not in (question, minutes, weight):
                rows.append(EntryRow(question, minutes, weight))
        if len(self.problems) == before:
            self.out.kits.append(KitRow(slug, name, description, level, rows))
