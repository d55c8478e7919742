"""Template helpers for the question card: `{% load question_cards %}`."""

from django import template

from questionbank.models import ANCHOR_NAMES

register = template.Library()


@register.filter
def anchor_name(level) -> str:
    """The name of an anchor level: 3 -> "Senior answer"."""
    try:
        return ANCHOR_NAMES.get(int(level), "")
    except (TypeError, ValueError):
        return ""
