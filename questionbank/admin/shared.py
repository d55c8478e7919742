"""What the question bank's admin pages share: their stylesheet, the status badges, and the 404
for an object that is not there."""

from django.contrib.admin.utils import unquote
from django.http import Http404
from django.utils.html import format_html

CSS = {"all": ["css/questionbank.css"]}


def badge(status: str, label: str):
    return format_html('<span class="qb-badge qb-badge-{}">{}</span>', status, label)


def object_or_404(model_admin, request, object_id, noun: str):
    """The admin's object with that id, as its change page would find it; Http404 if none."""
    found = model_admin.get_object(request, unquote(str(object_id)))
    if found is None:
        raise Http404(f"There is no {noun} with id {object_id}.")
    return found
