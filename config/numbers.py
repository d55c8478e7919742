"""Integers from user input, in ASCII digits only.

Python's `int()` (and so Django's `forms.IntegerField`) reads any Unicode decimal digit (a
full-width or an Arabic-Indic "3"), a sign, surrounding spaces and underscores ("0_3"). A value
parsed that way is a number like any other, but the text it came from is not the number's
canonical spelling: stored or compared as text (an amendment's "question:<full-width 3>" key, read
back by SQL's CAST), it breaks whatever reads it next. Every integer a user sends is parsed here
instead, so that only "[0-9]+" (with a leading "-" where negatives mean something) is a number.
"""

import re

from django import forms
from django.db.models import Model

DIGITS = re.compile(r"-?[0-9]+", re.ASCII)
# More digits than any bound in the app (a 64-bit id has 19): refused before int() reads them.
MAX_DIGITS = 20


def ascii_integer(text: str) -> int | None:
    """The integer `text` spells in ASCII digits, or None if it spells none (or a huge one)."""
    if not isinstance(text, str) or len(text) > MAX_DIGITS + 1 or not DIGITS.fullmatch(text):
        return None
    return int(text)


class StrictIntegerField(forms.IntegerField):
    """forms.IntegerField that refuses what `ascii_integer` refuses, with the same message."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        number = ascii_integer(str(value))
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


def fullwidth(number: int) -> str:
    """`number` in full-width digits: what int() reads and these fields refuse (tests use it)."""
    return "".join(chr(0xFF10 + int(digit)) for digit in str(number))


class StrictModelChoiceField(forms.ModelChoiceField):
    """forms.ModelChoiceField whose choice, an integer key, must be given in ASCII digits: the
    lookup would otherwise read "<full-width 3>" as 3. (ModelMultipleChoiceField already compares
    the text it was given with the keys it found, so it refuses such a value.)"""

    def to_python(self, value):
        if (
            value not in self.empty_values
            and not isinstance(value, Model)
            and ascii_integer(str(value)) is None
        ):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)
