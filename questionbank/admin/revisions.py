"""A revision's page: read-only once published, a draft's fields and rubric editable; its preview
(the console's own question card) and the Publish button, which asks services.revision_publish."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from questionbank import services
from questionbank.admin.inlines import AnchorInline, FollowUpInline, RedFlagInline, SignalInline
from questionbank.admin.shared import CSS, badge, object_or_404
from questionbank.forms import RevisionForm
from questionbank.models import QuestionRevision
from questionbank.rubric import build_rubric
from questionbank.services import PublishRefused


class PublishedFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("published", "Published"), ("draft", "Draft")]

    def queryset(self, request, queryset):
        if self.value() == "published":
            return queryset.filter(published_at__isnull=False)
        if self.value() == "draft":
            return queryset.filter(published_at__isnull=True)
        return queryset


@admin.register(QuestionRevision)
class QuestionRevisionAdmin(admin.ModelAdmin):
    form = RevisionForm
    list_display = ["__str__", "title", "target_level", "state_badge", "published_at"]
    list_select_related = ["question"]
    list_filter = [PublishedFilter, "target_level", "question__topic"]
    search_fields = ["question__slug", "title", "prompt", "crib"]
    fields = ["question_link", "number", "state_badge", *RevisionForm.Meta.fields, "published_at"]
    readonly_fields = ["question_link", "number", "state_badge", "published_at"]
    inlines = [AnchorInline, SignalInline, RedFlagInline, FollowUpInline]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 8})}}

    class Media:
        css = CSS

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)  # a bulk delete would skip the published guard
        return actions

    def has_add_permission(self, request):
        # A revision is always the next one of a question: "Edit as new revision" makes it.
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description="question")
    def question_link(self, revision: QuestionRevision):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:questionbank_question_change", args=[revision.question_id]),
            revision.question.slug,
        )

    @admin.display(description="state", ordering="published_at")
    def state_badge(self, revision: QuestionRevision):
        if revision.is_published:
            return badge("published", "Published")
        return badge("draft", "Draft")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<id:object_id>/preview/",
                view(self.preview_view),
                name="questionbank_questionrevision_preview",
            ),
            path(
                "<id:object_id>/publish/",
                view(self.publish_view),
                name="questionbank_questionrevision_publish",
            ),
            *super().get_urls(),
        ]

    def _revision_or_404(self, request, object_id) -> QuestionRevision:
        return object_or_404(self, request, object_id, "revision")

    def preview_view(self, request, object_id):
        """The revision exactly as the interview console shows it (the same question card)."""
        revision = self._revision_or_404(request, object_id)
        if not self.has_view_permission(request, revision):
            raise PermissionDenied
        rubric = build_rubric(revision.pk)
        context = {
            "revision": revision,
            "rubric": rubric,
            "preview": True,
            "pos": 1,
            "signal_rows": [(signal, "", False) for signal in rubric.signals],
        }
        return TemplateResponse(request, "questionbank/preview.html", context)

    def publish_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        revision = self._revision_or_404(request, object_id)
        change_url = reverse("admin:questionbank_questionrevision_change", args=[revision.pk])
        if revision.is_published:
            messages.info(request, f"{revision} is already published.")
            return HttpResponseRedirect(change_url)
        if not self.has_change_permission(request, revision):
            raise PermissionDenied
        try:
            services.revision_publish(revision=revision)
        except PublishRefused as refusal:
            messages.error(request, "; ".join(refusal.messages))
        else:
            messages.success(request, f"Published {revision}; new interviews will use it.")
        return HttpResponseRedirect(change_url)
