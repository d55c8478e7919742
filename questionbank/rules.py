"""The question bank's rules that a column alone can't say, stated once.

A crib's bounds, starter code and its language, Go starter code that parses, and a kit that fits
its slot. Pure functions with
no database: the YAML check (questionbank/exchange/schema), the models' validation (so the admin's
forms), and the services that write revisions all ask here, so each rule has one wording and no
path around it. Each function returns its problems keyed by the field they belong to (empty when
there are none), so a caller can put a message next to the field it is about.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from questionbank import gosyntax

LANGUAGE_NAMES = {
    "go": "Go",
    "python": "Python",
    "javascript": "JavaScript",
    "sql": "SQL",
    "text": "Plain text",
}
LANGUAGES = tuple(LANGUAGE_NAMES)
CRIB_MAX_LINES = 5
CRIB_MAX_LINE_LENGTH = 120
SLOT_MAX_MINUTES = 480  # a working day: longer than any one interview
FRAME_MAX_MINUTES = 60  # the introduction or the closing of an interview

# A signal written "Bonus: ..." is version trivia (which release brought what): worth a tick, but
# never the step between levels (issue 15), so the console's suggested level leaves it out. The
# prefix is the mark, in the text the curators write (docs/question-format.md), rather than a
# field: the shipped bank already says it, and its revisions keep their content.
BONUS_PREFIX = "Bonus:"

Problems = dict[str, list[str]]


def sentence(problem: str) -> str:
    """A problem as a message that stands alone: "The crib has 6 lines; ... ." """
    return problem[0].upper() + problem[1:] + "."


def is_bonus_signal(text: str) -> bool:
    return text.lstrip()[: len(BONUS_PREFIX)].casefold() == BONUS_PREFIX.casefold()


def crib_problems(crib: str) -> list[str]:
    """A crib is read at a glance: plain text, at most five lines of at most 120 characters."""
    lines = crib.splitlines()
    problems = []
    if len(lines) > CRIB_MAX_LINES:
        problems.append(
            f"the crib has {len(lines)} lines; the limit is {CRIB_MAX_LINES} "
            "(it is read at a glance: the guidance holds the rest)"
        )
    problems += [
        f"line {number} of the crib is {len(line)} characters long; "
        f"the limit is {CRIB_MAX_LINE_LENGTH}"
        for number, line in enumerate(lines, start=1)
        if len(line) > CRIB_MAX_LINE_LENGTH
    ]
    return problems


def starter_code_problems(*, starter_code: str, language: str) -> Problems:
    """Starter code comes with its language, and a language only with starter code."""
    choices = ", ".join(LANGUAGES)
    if language and language not in LANGUAGES:
        return {"language": [f"{language!r} is not one of {choices}"]}
    if starter_code and not language:
        return {"starter_code": [f"starter code needs its language: one of {choices}"]}
    if language and not starter_code:
        return {"language": ["a language is only for starter code, and there is none"]}
    return {}


def starter_code_syntax_problems(*, starter_code: str, language: str) -> Problems:
    """Starter code in Go must parse: the candidate starts from it, and an exercise that cannot
    compile fails the interview it is in.

    Only Go is checked: it is the only language the bank's exercises are written in, and its
    grammar is a small wheel (tree-sitter, questionbank/gosyntax.py). Python, JavaScript and SQL
    would each need a grammar of their own (and SQL a dialect); text has no syntax. A parse, not a
    compile: types and imports are checked only for the shipped exercises, by the Go toolchain in
    the tests.
    """
    if language != "go" or not starter_code:
        return {}
    error = gosyntax.first_error(starter_code)
    if error is None:
        return {}
    where = f"line {error.line}, column {error.column} of the code"
    return {"starter_code": [f"the Go starter code does not parse at {where}: {error.what}"]}


@dataclass(frozen=True)
class KitTiming:
    """A kit's minutes: its questions' budgets, and the slot with its introduction and closing.

    A kit without a slot is a collection of the bank to pick from, not an interview: it has no
    introduction or closing, and no limit on its questions' minutes.
    """

    slot_minutes: int | None
    intro_minutes: int
    closing_minutes: int
    question_minutes: int

    @classmethod
    def of(
        cls,
        *,
        slot_minutes: int | None,
        intro_minutes: int,
        closing_minutes: int,
        minutes: Iterable[int],
    ) -> "KitTiming":
        return cls(slot_minutes, intro_minutes or 0, closing_minutes or 0, sum(minutes))

    @property
    def total(self) -> int:
        return self.question_minutes + self.intro_minutes + self.closing_minutes

    @property
    def spare(self) -> int | None:
        return None if self.slot_minutes is None else self.slot_minutes - self.total

    def breakdown(self) -> str:
        return (
            f"{self.question_minutes} of questions, {self.intro_minutes} introduction, "
            f"{self.closing_minutes} closing"
        )

    def summary(self) -> str:
        """One line for curators: the sum against the slot."""
        if self.slot_minutes is None:
            return (
                f"{self.question_minutes} minutes of questions; no slot: a collection of the "
                "bank, not an interview"
            )
        spare = self.spare
        verdict = f"{spare} to spare" if spare >= 0 else f"{-spare} over the slot"
        return f"{self.total} of {self.slot_minutes} minutes ({self.breakdown()}); {verdict}"

    def frame_problems(self) -> Problems:
        """The slot and its introduction and closing, whatever the questions."""
        if self.slot_minutes is None:
            return {
                name: [
                    f"{label} minutes belong to a kit with a slot; set the slot or leave them out"
                ]
                for name, label, value in (
                    ("intro_minutes", "introduction", self.intro_minutes),
                    ("closing_minutes", "closing", self.closing_minutes),
                )
                if value
            }
        frame = self.intro_minutes + self.closing_minutes
        if frame >= self.slot_minutes:
            return {
                "slot_minutes": [
                    f"introduction and closing ({frame} minutes) leave no time for questions "
                    f"in a {self.slot_minutes}-minute slot"
                ]
            }
        return {}

    def problems(self) -> Problems:
        """The frame's problems, then whether the questions fit what the slot leaves them."""
        problems = self.frame_problems()
        if problems or self.slot_minutes is None or self.total <= self.slot_minutes:
            return problems
        over = self.total - self.slot_minutes
        return {
            "slot_minutes": [
                f"the kit runs {self.total} minutes ({self.breakdown()}), {over} over its "
                f"{self.slot_minutes}-minute slot; shorten or drop a question, or lengthen the slot"
            ]
        }
