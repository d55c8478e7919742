"""What the question bank's admin pages share: their stylesheet, the status badges, and the 404
for an object that is not there."""

from django.contrib import admin
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


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose inputs have names: Django puts them in table cells under column
    headings, with no <label>, so a screen reader announces a bare "edit text". Each visible input
    (the delete box too) gets its field's label as aria-label."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class Labelled(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                for name, field in form.fields.items():
                    if field.widget.is_hidden:
                        continue
                    label = str(field.label or name.replace("_", " "))
                    # The admin's related-object wrapper renders its inner widget's attrs.
                    for widget in (field.widget, getattr(field.widget, "widget", None)):
                        if widget is not None:
                            widget.attrs.setdefault("aria-label", label[:1].upper() + label[1:])

        Labelled.__name__ = formset.__name__
        return Labelled
