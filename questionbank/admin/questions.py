"""Questions: the list a curator scans, adding one, its change page, the bulk actions, and
"Edit as new revision". The revision history and the YAML upload are pages of this admin too,
written in history.py and importing.py."""

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Max
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from questionbank import selectors, services
from questionbank.admin.history import RevisionHistoryPage
from questionbank.admin.importing import YamlImportPage
from questionbank.admin.shared import CSS, badge, object_or_404
from questionbank.forms import QuestionAddForm
from questionbank.models import Question, TargetLevel
from questionbank.services import NothingToPublish, PublishRefused, RevisionContent


class TargetLevelFilter(admin.SimpleListFilter):
    title = "target level (current revision)"
    parameter_name = "target_level"

    def lookups(self, request, model_admin):
        return TargetLevel.choices

    def queryset(self, request, queryset):
        if self.value() in TargetLevel.values:
            return queryset.filter(current_revision__target_level=self.value())
        return queryset


@admin.register(Question)
class QuestionAdmin(YamlImportPage, RevisionHistoryPage, admin.ModelAdmin):
    list_display = [
        "slug",
        "current_title",
        "revision_number",
        "pending_draft",
        "status_badge",
        "topic",
    ]
    list_display_links = ["slug", "current_title"]
    list_select_related = ["topic", "current_revision"]
    list_filter = ["status", "topic", TargetLevelFilter, "kits"]
    search_fields = ["slug", "revisions__title", "revisions__prompt"]
    actions = ["publish_newest_drafts", "retire_questions", "restore_questions", "duplicate"]
    add_form = QuestionAddForm
    add_fieldsets = [(None, {"fields": ["slug", "topic", "tags", "title", "prompt"]})]
    fieldsets = [
        (None, {"fields": ["slug", "topic", "tags", "status", "current_revision_link"]}),
        ("Revisions", {"fields": ["revisions_table"]}),
    ]
    readonly_fields = ["slug", "status", "current_revision_link", "revisions_table"]

    class Media:
        css = CSS

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(newest_number=Max("revisions__number"))

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else super().get_readonly_fields(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, **kwargs)

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        # Bulk delete would cascade past the guard on published revisions.
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and selectors.was_published(obj):
            return False
        return super().has_delete_permission(request, obj)

    # The list ---------------------------------------------------------------------------------

    @admin.display(description="title", ordering="current_revision__title")
    def current_title(self, question: Question) -> str:
        return question.current_revision.title if question.current_revision else "—"

    @admin.display(description="rev.", ordering="current_revision__number")
    def revision_number(self, question: Question):
        return question.current_revision.number if question.current_revision else "—"

    @admin.display(description="draft")
    def pending_draft(self, question: Question):
        current = question.current_revision.number if question.current_revision else 0
        newest = getattr(question, "newest_number", None) or 0
        if newest > current:
            return badge("draft", f"r{newest} draft")
        return ""

    @admin.display(description="status", ordering="status")
    def status_badge(self, question: Question):
        return badge(question.status, question.get_status_display())

    # The change page --------------------------------------------------------------------------

    @admin.display(description="current revision")
    def current_revision_link(self, question: Question):
        revision = question.current_revision
        if revision is None:
            return "none published yet"
        return format_html(
            '<a href="{}">r{} {}</a> · <a href="{}">preview</a>',
            reverse("admin:questionbank_questionrevision_change", args=[revision.pk]),
            revision.number,
            revision.title,
            reverse("admin:questionbank_questionrevision_preview", args=[revision.pk]),
        )

    @admin.display(description="revisions")
    def revisions_table(self, question: Question):
        revisions = selectors.question_revisions(question)
        rows = format_html_join(
            "",
            '<tr><td><a href="{}">r{}</a></td><td>{}</td><td>{}</td>'
            '<td><a href="{}">preview</a></td></tr>',
            (
                (
                    reverse("admin:questionbank_questionrevision_change", args=[revision.pk]),
                    revision.number,
                    revision.title,
                    f"published {revision.published_at:%Y-%m-%d %H:%M}"
                    if revision.published_at
                    else "draft",
                    reverse("admin:questionbank_questionrevision_preview", args=[revision.pk]),
                )
                for revision in revisions
            ),
        )
        if not rows:
            return "no revisions yet"
        return format_html(
            '<table class="qb-revision-table"><tbody>{}</tbody></table>'
            '<p><a href="{}">Revision history and differences</a></p>',
            rows,
            reverse("admin:questionbank_question_revisions", args=[question.pk]),
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        first_draft = RevisionContent(
            title=form.cleaned_data["title"], prompt=form.cleaned_data["prompt"]
        )
        services.question_create(question=obj, first_draft=first_draft)

    def response_add(self, request, obj, post_url_continue=None):
        if IS_POPUP_VAR in request.POST or "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        draft = selectors.newest_revision(obj)  # its first and only revision
        messages.success(
            request,
            f"Question “{obj.slug}” added with a draft first revision. Write its rubric "
            "(four anchors, signals), then publish it.",
        )
        return HttpResponseRedirect(
            reverse("admin:questionbank_questionrevision_change", args=[draft.pk])
        )

    # Actions ----------------------------------------------------------------------------------

    @admin.action(description="Publish the newest draft revision", permissions=["change"])
    def publish_newest_drafts(self, request, queryset):
        published = []
        for question in queryset:
            try:
                revision = services.question_publish(question=question)
            except NothingToPublish as nothing:
                messages.warning(request, f"{question.slug}: " + "; ".join(nothing.messages))
                continue
            except PublishRefused as refusal:
                messages.error(request, f"{question.slug}: " + "; ".join(refusal.messages))
                continue
            published.append(f"{question.slug} r{revision.number}")
        if published:
            messages.success(request, "Published " + ", ".join(published) + ".")

    @admin.action(
        description="Retire (keep for old interviews, leave new ones)", permissions=["change"]
    )
    def retire_questions(self, request, queryset):
        retiring = queryset.exclude(status=Question.Status.RETIRED)
        changed = [services.question_retire(question=question).slug for question in retiring]
        say_changed(request, changed, "Retired", otherwise="Those questions were already retired.")

    @admin.action(description="Restore retired questions", permissions=["change"])
    def restore_questions(self, request, queryset):
        restoring = queryset.filter(status=Question.Status.RETIRED)
        changed = [services.question_restore(question=question).slug for question in restoring]
        say_changed(request, changed, "Restored", otherwise="None of those questions was retired.")

    @admin.action(description="Duplicate as a new draft question", permissions=["add"])
    def duplicate(self, request, queryset):
        for question in queryset.select_related("topic", "current_revision"):
            slug = selectors.copy_slug(question)
            try:
                copy = services.question_duplicate(question=question, slug=slug)
            except IntegrityError:
                messages.error(request, f"{question.slug}: “{slug}” was just taken; try again.")
                continue
            messages.success(
                request,
                format_html(
                    'Duplicated {} as <a href="{}">{}</a> (a draft).',
                    question.slug,
                    reverse("admin:questionbank_question_change", args=[copy.pk]),
                    copy.slug,
                ),
            )

    # Extra pages ------------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="questionbank_question_import"),
            path(
                "<id:object_id>/revisions/",
                view(self.revisions_view),
                name="questionbank_question_revisions",
            ),
            path(
                "<id:object_id>/new-revision/",
                view(self.new_revision_view),
                name="questionbank_question_new_revision",
            ),
            *super().get_urls(),
        ]

    def _question_or_404(self, request, object_id) -> Question:
        return object_or_404(self, request, object_id, "question")

    def new_revision_view(self, request, object_id):
        """POST: "Edit as new revision": open the pending draft, or start one from the current."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        question = self._question_or_404(request, object_id)
        if not self.has_change_permission(request, question):
            raise PermissionDenied
        draft, created = services.revision_draft_open(question=question)
        if created:
            messages.success(
                request,
                f"Draft revision {draft.number} started from the current content. "
                "Edit it, then publish it.",
            )
        else:
            messages.info(
                request, f"Revision {draft.number} is already a draft: edit it, then publish it."
            )
        return HttpResponseRedirect(
            reverse("admin:questionbank_questionrevision_change", args=[draft.pk])
        )


def say_changed(request, slugs: list[str], verb: str, *, otherwise: str) -> None:
    if slugs:
        messages.success(request, f"{verb} " + ", ".join(slugs) + ".")
    else:
        messages.info(request, otherwise)
