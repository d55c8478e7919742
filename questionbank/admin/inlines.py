"""A revision's rubric on its admin page: anchors, signals, red flags and follow-up probes."""

from django import forms
from django.db import models

from questionbank.admin.shared import LabelledTabularInline
from questionbank.forms import AnchorForm, AnchorFormSet, PositionedFormSet
from questionbank.models import Anchor, FollowUp, RedFlag, Signal

NARROW_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 70})}}


class RubricInline(LabelledTabularInline):
    """A part of a revision's rubric: editable on a draft, read-only once published."""

    formfield_overrides = NARROW_TEXT

    @staticmethod
    def _draft(revision) -> bool:
        return revision is None or not revision.is_published

    def has_add_permission(self, request, obj=None):
        return self._draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._draft(obj) and super().has_delete_permission(request, obj)


class AnchorInline(RubricInline):
    model = Anchor
    form = AnchorForm
    formset = AnchorFormSet
    fields = ["level", "text"]
    extra = 4
    max_num = 4
    can_delete = False
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}
    verbose_name_plural = "anchors (exactly four: levels 1 to 4)"


class SignalInline(RubricInline):
    model = Signal
    formset = PositionedFormSet
    fields = ["level", "text", "position"]
    extra = 1


class RedFlagInline(RubricInline):
    model = RedFlag
    formset = PositionedFormSet
    fields = ["text", "position"]
    extra = 1


class FollowUpInline(RubricInline):
    model = FollowUp
    formset = PositionedFormSet
    fields = ["text", "position"]
    extra = 1
    verbose_name = "follow-up probe"
