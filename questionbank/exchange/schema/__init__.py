"""The shape of a bank document: read values in, checked rows out, every mistake located.

`check()` never stops at the first mistake: it walks the whole document, reports each problem with
its line and field path, and returns the rows that passed along with every slug the document
defines or refers to, so that references across files can be checked afterwards.

One module per section: `base` (the rows, locations and typed getters they share), `topics`,
`questions` (with the rubric) and `kits` (with the slot).
"""

from questionbank.exchange.problems import Problem, Problems
from questionbank.exchange.reading import INVALID, YList, YMap, show
from questionbank.exchange.schema.base import (
    Checked,
    Checker,
    EntryRow,
    KitRow,
    QuestionRow,
    TopicRow,
    Where,
    describe,
)
from questionbank.exchange.schema.kits import kit
from questionbank.exchange.schema.questions import question
from questionbank.exchange.schema.topics import topic

__all__ = [
    "FORMAT",
    "Checked",
    "EntryRow",
    "KitRow",
    "QuestionRow",
    "TopicRow",
    "Where",
    "check",
]

FORMAT = "loupe-questionbank/1"
ROOT_FIELDS = {"format": True, "topics": False, "questions": False, "kits": False}
SECTIONS = (("topics", topic), ("questions", question), ("kits", kit))


def check(name: str, root: object, problems: Problems | None = None) -> tuple[Checked, Problems]:
    """The rows of one file that passed, and `problems` (a new collector if None) with its own."""
    checker = Checker(name, Problems() if problems is None else problems)
    _document(checker, root)
    return checker.out, checker.problems


def _document(checker: Checker, root: object) -> None:
    if root is INVALID:
        return
    if not isinstance(root, YMap):
        line = root.line if isinstance(root, YList) else 1
        message = (
            "expected a mapping with format, and optionally topics, questions and kits; "
            f"got {describe(root)}"
        )
        checker.problems.add(Problem(checker.name, line, "(document)", message))
        return
    checker.fields(root, (), ROOT_FIELDS)
    value = checker.text(root, "format", (), one_line=True)
    if value is not None and value != FORMAT:
        checker.error(root, "format", (), f"expected {FORMAT!r}; got {show(value)}")
    for key, section in SECTIONS:
        items = checker.sequence(root, key, (), limit=None)
        for index in range(len(items or ())):
            section(checker, items, index, (key,))
