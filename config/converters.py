"""Path converters for integers, bounded so that an oversized number is a 404, never a 500.

Django's `int` converter accepts any run of digits; a number past the database's integer range
then fails in the query (OverflowError on SQLite, out of range on PostgreSQL) before any access
check answers. Every integer in a route uses one of these instead
(tests/config/test_oversized_numbers.py walks the URL conf for a plain `<int:`).
"""

from django.urls import register_converter


class BoundedInt:
    regex = "[0-9]+"
    maximum = 0

    def to_python(self, value: str) -> int:
        if len(value) > len(str(self.maximum)) or int(value) > self.maximum:
            raise ValueError(f"{value} is past {self.maximum}")  # no match: a 404
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


class Id(BoundedInt):
    """A primary key: a 64-bit signed integer (PostgreSQL bigint, SQLite integer)."""

    maximum = 2**63 - 1


class Position(BoundedInt):
    """A question's position in an interview (PositiveSmallIntegerField)."""

    maximum = 2**15 - 1


def register() -> None:
    register_converter(Id, "id")
    register_converter(Position, "position")
