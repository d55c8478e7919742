"""Import and export of the question bank as YAML; the format is in docs/question-format.md.

The admin upload and the `import_questions` / `export_questions` commands call only this module:

    import_sources([(filename, content), ...]) -> ImportReport   # or raises ImportFailed
    export_bank(kit_slug=None) -> str

An import reads and checks every file before it writes anything, then applies all of them in one
transaction; if anything is wrong it changes nothing and raises ImportFailed with the mistakes it
found, each as "file:line: field.path: message": the first MAX_PROBLEMS of them, and a count of the
rest. Importing what the bank already holds changes nothing; a question whose content changed gets
a new published revision, the old one kept.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from questionbank.exchange import writing
from questionbank.exchange.export import UnknownKit, export_text
from questionbank.exchange.problems import MAX_PROBLEMS, Problem, Problems, more_problems
from questionbank.exchange.reading import INVALID, MAX_BYTES, MAX_NODES, ValueBudget, read, show
from questionbank.exchange.schema import Checked, Where, check
from questionbank.models import Question, Topic

__all__ = [
    "MAX_BYTES",
    "MAX_NODES",
    "MAX_PROBLEMS",
    "ImportFailed",
    "ImportReport",
    "UnknownKit",
    "export_bank",
    "import_sources",
]


class ImportFailed(Exception):
    """The input was refused and nothing was changed.

    `errors` lists the first MAX_PROBLEMS mistakes found, one "file:line: field.path: message"
    string each, in file order and then line order (plus, past them, the one that stopped the
    reading of a file, if any); `more` counts the mistakes found after them, and `more_text` says
    so ("and 1,234 more problems", or "" when there are none).
    """

    def __init__(self, errors: Sequence[str], more: int = 0):
        self.errors = list(errors)
        self.more = more
        super().__init__("\n".join([*self.errors, self.more_text]).strip())

    @property
    def more_text(self) -> str:
        return more_problems(self.more) if self.more else ""

    @property
    def total(self) -> int:
        return len(self.errors) + self.more


@dataclass
class ImportReport:
    """What an import did.

    `revisions_created` counts new revisions of questions the bank already had (a new question's
    first revision is counted in `questions_created`); `questions_updated` counts questions whose
    topic or tags changed while their content did not; `questions_unchanged` the rest.
    """

    topics_created: int = 0
    questions_created: int = 0
    revisions_created: int = 0
    questions_unchanged: int = 0
    kits_created: int = 0
    kits_updated: int = 0
    topics_updated: int = 0
    questions_updated: int = 0

    def summary(self) -> str:
        return (
            f"Topics: {self.topics_created} created, {self.topics_updated} updated. "
            f"Questions: {self.questions_created} created, "
            f"{_count(self.revisions_created, 'new revision')}, "
            f"{self.questions_updated} updated, {self.questions_unchanged} unchanged. "
            f"Kits: {self.kits_created} created, {self.kits_updated} updated."
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def import_sources(sources: Sequence[tuple[str, bytes | str]]) -> ImportReport:
    """Check all sources, then apply them in one transaction; ImportFailed changes nothing."""
    problems = Problems()
    budget = ValueBudget()  # shared: the limit is on the whole upload
    files: list[Checked] = []
    names: list[str] = []
    all_readable = True
    for raw_name, content in sources:
        name = "".join(c if c.isprintable() else "?" for c in str(raw_name)) or "(unnamed)"
        names.append(name)
        root = read(name, content, problems, budget)
        if root is INVALID:
            all_readable = False
            continue
        checked, _ = check(name, root, problems)
        files.append(checked)
    _duplicates(files, problems)
    try:
        with transaction.atomic():
            # A file that isn't YAML defines nothing we know of: references into it would only be
            # noise, so they wait until it reads.
            if all_readable:
                _unresolved(files, problems)
            if problems:
                raise ImportFailed(_in_order(problems.kept, names), more=problems.more)
            report = ImportReport()
            writing.apply(
                topics=[row for file in files for row in file.topics],
                questions=[row for file in files for row in file.questions],
                kits=[row for file in files for row in file.kits],
                report=report,
            )
    except IntegrityError as error:
        # Only a concurrent write (another import, the admin) can get here: checks passed.
        detail = " ".join(str(error).split())
        message = f"the bank changed during the import ({detail}); nothing was changed, try again"
        raise ImportFailed([str(Problem(names[0], 1, "(bank)", message))]) from error
    return report


def export_bank(*, kit_slug: str | None = None) -> str:
    """The bank as YAML; with kit_slug, that kit with its questions and their topics.

    Raises UnknownKit when there is no kit with that slug.
    """
    return export_text(kit_slug=kit_slug)


def _duplicates(files: list[Checked], problems: Problems) -> None:
    first: dict[tuple[str, str], Where] = {}
    for file in files:
        for kind, slug, where in file.defines:
            if (kind, slug) in first:
                earlier = first[kind, slug]
                message = f"{kind} {show(slug)} is defined twice (also at {earlier})"
                problems.add(where.problem(message))
            else:
                first[kind, slug] = where


# Slugs per bank lookup: a file can refer to tens of thousands, more than a query may carry
# (PostgreSQL takes 65,535 parameters, SQLite 32,766 by default).
LOOKUP_BATCH = 1000


def _unresolved(files: list[Checked], problems: Problems) -> None:
    defined = {(kind, slug) for file in files for kind, slug, _ in file.defines}
    missing = [ref for file in files for ref in file.refers if ref[:2] not in defined]
    if not missing:
        return
    wanted: dict[str, set[str]] = {"topic": set(), "question": set()}
    for kind, slug, _ in missing:
        wanted[kind].add(slug)
    in_bank = {
        "topic": _in_bank(Topic, wanted["topic"]),
        "question": _in_bank(Question, wanted["question"]),
    }
    for kind, slug, where in missing:
        if slug in in_bank[kind]:
            continue
        if problems.full:
            problems.count()
        else:
            problems.add(
                where.problem(f"unknown {kind} {show(slug)}: not in this import or in the bank")
            )


def _in_bank(model, slugs: set[str]) -> set[str]:
    ordered = sorted(slugs)
    found: set[str] = set()
    for start in range(0, len(ordered), LOOKUP_BATCH):
        batch = ordered[start : start + LOOKUP_BATCH]
        found.update(model.objects.filter(slug__in=batch).values_list("slug", flat=True))
    return found


def _in_order(problems: list[Problem], names: list[str]) -> list[str]:
    order = {}
    for name in names:
        order.setdefault(name, len(order))
    ranked = sorted(problems, key=lambda problem: (order.get(problem.file, 0), problem.line))
    return [str(problem) for problem in ranked]
