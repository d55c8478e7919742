"""Validation of one-line text that ends up in email headers, file names, pages and logs."""

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


def format_characters(text: str) -> list[str]:
    """The invisible format characters (Unicode category Cf) in `text`, as escapes: direction
    overrides and isolates (U+202A-202E, U+2066-2069), zero-width joiners and spaces, the BOM."""
    found = {char for char in text if unicodedata.category(char) == "Cf"}
    return sorted(f"\\u{ord(char):04x}" for char in found)


@deconstructible
class NoControlCharacters:
    """Refuses a value with a control character: a line break in a name would split an email
    header; a tab or an escape would garble a file name or a log line. Also refuses invisible
    format characters: a right-to-left override in a candidate's name reverses the text after it
    in an email subject, a page or a PDF ("Eve \\u202egnp.exe" reads "Eve exe.png"), and a
    zero-width character makes two names that look the same differ."""

    def __call__(self, value) -> None:
        text = str(value)
        found = control_characters(text)
        if found:
            raise ValidationError(
                "must be a single line without control characters (found %(found)s)",
                code="control_characters",
                params={"found": ", ".join(found)},
            )
        found = format_characters(text)
        if found:
            raise ValidationError(
                "must not contain invisible formatting characters such as direction overrides "
                "or zero-width joiners (found %(found)s)",
                code="format_characters",
                params={"found": ", ".join(found)},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, NoControlCharacters)


no_control_characters = NoControlCharacters()


def one_line(text: str) -> str:
    """`text` with every run of whitespace and control characters made one space, and invisible
    format characters (stored before they were refused) left out."""
    cleaned = "".join(
        " " if control_characters(char) else "" if format_characters(char) else char
        for char in text
    )
    return " ".join(cleaned.split())
