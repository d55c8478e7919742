"""Validation of one-line text that ends up in email headers, file names and logs."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible


def control_characters(text: str) -> list[str]:
    """The control characters in `text` (line breaks and tabs included), as escapes."""
    found = {
        char
        for char in text
        if unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in "\u0085"
    }
    return sorted(repr(char)[1:-1] for char in found)


@deconstructible
class NoControlCharacters:
    """Refuses a value with a control character: a line break in a name would split an email
    header; a tab or an escape would garble a file name or a log line."""

    def __call__(self, value) -> None:
        found = control_characters(str(value))
        if found:
            raise ValidationError(
                "must be a single line without control characters (found %(found)s)",
                code="control_characters",
                params={"found": ", ".join(found)},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, NoControlCharacters)


no_control_characters = NoControlCharacters()


def one_line(text: str) -> str:
    """`text` with every run of whitespace and control characters made one space."""
    cleaned = "".join(" " if control_characters(char) else char for char in text)
    return " ".join(cleaned.split())
