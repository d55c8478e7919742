"""An import's mistakes: each located at its file, line and field; the first MAX_PROBLEMS kept.

A 5 MB file can be wrong millions of times over (`[{}, {}, ...]` misses seven fields every three
bytes). Listing all of them cost minutes and gigabytes and helped no one: the first couple of
hundred show what is wrong, and a count says how much more there is. So the reader and the check
share one `Problems`: it keeps the first MAX_PROBLEMS in full and only counts the rest, and the
code that finds them asks `full` to skip what would only dress up a message nobody will read.
"""

from collections.abc import Iterator
from dataclasses import dataclass

MAX_PROBLEMS = 200


@dataclass(frozen=True)
class Problem:
    """One located error: `file:line: field.path: message`, always on one line."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        return " ".join(f"{self.file}:{self.line}: {self.path}: {self.message}".splitlines())


class Problems:
    """The first `limit` problems in the order they were found, and a count of the rest.

    `len()` is every problem found, kept or counted, so a check can compare it before and after a
    section to know whether the section added one.
    """

    def __init__(self, limit: int = MAX_PROBLEMS):
        self.limit = limit
        self.kept: list[Problem] = []
        self.more = 0  # found after the first `limit`: counted, not kept

    def add(self, problem: Problem) -> None:
        if len(self.kept) < self.limit:
            self.kept.append(problem)
        else:
            self.more += 1

    def stop(self, problem: Problem) -> None:
        """A problem that ended the reading of a file: kept even past the limit, since it says
        why the file was read no further (and so why the count ends there)."""
        self.kept.append(problem)

    def count(self) -> None:
        """One more problem, past the limit: for callers that skip building it once `full`."""
        self.more += 1

    @property
    def full(self) -> bool:
        return len(self.kept) >= self.limit

    def __len__(self) -> int:
        return len(self.kept) + self.more

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.kept)


def more_problems(more: int) -> str:
    """The line after the listed problems: "and 1,234 more problems"."""
    return f"and {more:,} more problem{'' if more == 1 else 's'}"
