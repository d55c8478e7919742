"""Curation in the Django admin: topics, questions and their revisions, kits, YAML import.

Curators (config/roles.py) hold permissions on this app only, so the admin shows them nothing
else. A published revision is frozen: its admin page is read-only, and "Edit as new revision"
starts the next draft from it. Every write that spans rows goes through questionbank.services.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, F, Max, Sum
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from questionbank import selectors, services
from questionbank.diff import revision_diff
from questionbank.forms import (
    MAX_IMPORT_BYTES,
    AnchorForm,
    AnchorFormSet,
    ImportSizeLimit,
    KitEntryForm,
    KitEntryFormSet,
    PositionedFormSet,
    QuestionAddForm,
    RevisionCompareForm,
    RevisionForm,
    YamlImportForm,
    too_big_message,
)
from questionbank.models import (
    Anchor,
    FollowUp,
    Kit,
    KitQuestion,
    Question,
    QuestionRevision,
    RedFlag,
    Signal,
    TargetLevel,
    Topic,
)
from questionbank.rubric import build_rubric
from questionbank.services import RevisionContent

CSS = {"all": ["css/questionbank.css"]}


# --- Curation steps the admin pages and actions share ------------------------------------------


def newest_revision(question: Question) -> QuestionRevision | None:
    return question.revisions.order_by("-number").first()


def next_draft(question: Question) -> tuple[QuestionRevision, bool]:
    """The draft to edit next: the pending one if any, else a new copy of the current content.

    Returns (draft, created).
    """
    newest = newest_revision(question)
    if newest is not None and not newest.is_published:
        return newest, False
    source = question.current_revision or newest
    if source is None:
        content = RevisionContent(title=question.slug.replace("-", " ").capitalize(), prompt="")
    else:
        content = RevisionContent.of(source)
    return services.revision_create(question=question, content=content), True


def publish_draft(revision: QuestionRevision) -> QuestionRevision:
    """Publish a draft; ValidationError says why not (incomplete rubric, older than current)."""
    current = revision.question.current_revision
    if current is not None and revision.number < current.number:
        raise ValidationError(
            f"{revision} is older than the current revision {current.number}; "
            "edit the question as a new revision instead."
        )
    return services.revision_publish(revision=revision)


def copy_slug(question: Question) -> str:
    """The first free slug of "<slug>-copy", "<slug>-copy-2", ... within the slug's length."""
    max_length = Question._meta.get_field("slug").max_length
    stem = question.slug[: max_length - len("-copy-999")]
    taken = set(Question.objects.filter(slug__startswith=stem).values_list("slug", flat=True))
    number = 1
    while True:
        suffix = "-copy" if number == 1 else f"-copy-{number}"
        candidate = question.slug[: max_length - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        number += 1


def badge(status: str, label: str):
    return format_html('<span class="qb-badge qb-badge-{}">{}</span>', status, label)


# --- Topics ------------------------------------------------------------------------------------


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "question_count"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_count=Count("questions"))

    @admin.display(description="questions", ordering="question_count")
    def question_count(self, topic: Topic) -> int:
        return topic.question_count


# --- Questions ---------------------------------------------------------------------------------


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
class QuestionAdmin(admin.ModelAdmin):
    list_display = [
        "slug",
        "current_title",
        "revision_number",
        "pending_draft",
        "status_badge",
        "topic",
        "calibration_flags",
    ]
    list_display_links = ["slug", "current_title"]
    list_select_related = ["topic", "current_revision", "calibration"]
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
        if obj is not None and obj.revisions.filter(published_at__isnull=False).exists():
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

    @admin.display(description="calibration")
    def calibration_flags(self, question: Question):
        """Flags from the last calibration refresh: questions that do not discriminate, or that
        nearly everyone aces or fails, stand out here."""
        calibration = getattr(question, "calibration", None)
        if calibration is None or not calibration.flags:
            return ""
        return format_html_join(
            " ", "{}", ((badge("retired", flag),) for flag in calibration.flags)
        )

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
        super().save_model(request, obj, form, change)
        if not change:
            services.revision_create(
                question=obj,
                content=RevisionContent(
                    title=form.cleaned_data["title"], prompt=form.cleaned_data["prompt"]
                ),
            )

    def response_add(self, request, obj, post_url_continue=None):
        if IS_POPUP_VAR in request.POST or "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        draft = obj.revisions.order_by("number").first()
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
        for question in queryset.select_related("current_revision"):
            newest = newest_revision(question)
            if newest is None or newest.is_published:
                messages.warning(request, f"{question.slug}: no draft revision to publish.")
                continue
            try:
                with transaction.atomic():
                    publish_draft(newest)
            except ValidationError as error:
                messages.error(request, f"{question.slug}: " + "; ".join(error.messages))
                continue
            published.append(f"{question.slug} r{newest.number}")
        if published:
            messages.success(request, "Published " + ", ".join(published) + ".")

    @admin.action(
        description="Retire (keep for old interviews, leave new ones)", permissions=["change"]
    )
    def retire_questions(self, request, queryset):
        retired = [
            services.question_retire(question=question).slug
            for question in queryset.exclude(status=Question.Status.RETIRED)
        ]
        if retired:
            messages.success(request, "Retired " + ", ".join(retired) + ".")
        else:
            messages.info(request, "Those questions were already retired.")

    @admin.action(description="Restore retired questions", permissions=["change"])
    def restore_questions(self, request, queryset):
        restored = [
            services.question_restore(question=question).slug
            for question in queryset.filter(status=Question.Status.RETIRED)
        ]
        if restored:
            messages.success(request, "Restored " + ", ".join(restored) + ".")
        else:
            messages.info(request, "None of those questions was retired.")

    @admin.action(description="Duplicate as a new draft question", permissions=["add"])
    def duplicate(self, request, queryset):
        for question in queryset.select_related("topic", "current_revision"):
            slug = copy_slug(question)
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
        question = self.get_object(request, unquote(str(object_id)))
        if question is None:
            raise Http404(f"There is no question with id {object_id}.")
        return question

    def revisions_view(self, request, object_id):
        """A question's revisions, and the difference between two of them (?old=N&new=M)."""
        question = self._question_or_404(request, object_id)
        if not self.has_view_permission(request, question):
            raise PermissionDenied
        revisions = list(selectors.question_revisions(question))
        numbers = [revision.number for revision in revisions]
        form = diff = old = new = None
        status = 200
        if len(numbers) >= 2:
            chosen = "old" in request.GET or "new" in request.GET
            data = request.GET if chosen else {"old": numbers[1], "new": numbers[0]}
            form = RevisionCompareForm(data, numbers=numbers)
            if form.is_valid():
                old, new = selectors.revision_pair(
                    question, form.cleaned_data["old"], form.cleaned_data["new"]
                )
                diff = revision_diff(RevisionContent.of(old), RevisionContent.of(new))
            else:
                status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Revisions of {question.slug}",
            "question": question,
            "original": question,
            "revisions": revisions,
            "form": form,
            "diff": diff,
            "old": old,
            "new": new,
        }
        return TemplateResponse(
            request, "admin/questionbank/question/revisions.html", context, status=status
        )

    def new_revision_view(self, request, object_id):
        """POST: "Edit as new revision": open the pending draft, or start one from the current."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        question = self._question_or_404(request, object_id)
        if not self.has_change_permission(request, question):
            raise PermissionDenied
        draft, created = next_draft(question)
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

    @csrf_exempt  # checked below, after the upload size guard is in place
    def import_view(self, request):
        """Upload YAML files; the importer checks them all and applies them at once, or nothing."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        limit = ImportSizeLimit(request)
        # Before anything reads the body, so an oversized upload is never stored.
        request.upload_handlers.insert(0, limit)
        return csrf_protect(self._import)(request, limit)

    def _import(self, request, limit: ImportSizeLimit):
        form = YamlImportForm()
        errors: list[str] = []
        status = 200
        if request.method == "POST":
            form = YamlImportForm(request.POST, request.FILES)
            if limit.exceeded:
                form = YamlImportForm()
                errors = [too_big_message()]
                status = 413
            elif not form.is_valid():
                status = 422
            else:
                from questionbank.importer import ImportFailed, import_sources

                try:
                    report = import_sources(form.sources())
                except ImportFailed as failure:
                    errors = list(failure.errors) or [str(failure)]
                    status = 422
                else:
                    messages.success(request, report.summary())
                    return HttpResponseRedirect(reverse("admin:questionbank_question_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import questions from YAML",
            "form": form,
            "errors": errors,
            "max_bytes": MAX_IMPORT_BYTES,
        }
        return TemplateResponse(
            request, "admin/questionbank/question/import.html", context, status=status
        )


# --- Revisions and their rubric ----------------------------------------------------------------

NARROW_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 70})}}


class RubricInline(admin.TabularInline):
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
    search_fields = ["question__slug", "title", "prompt"]
    fields = [
        "question_link",
        "number",
        "state_badge",
        "title",
        "prompt",
        "guidance",
        "expected_minutes",
        "target_level",
        "published_at",
    ]
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
        revision = self.get_object(request, unquote(str(object_id)))
        if revision is None:
            raise Http404(f"There is no revision with id {object_id}.")
        return revision

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
            with transaction.atomic():
                publish_draft(revision)
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        else:
            messages.success(request, f"Published {revision}; new interviews will use it.")
        return HttpResponseRedirect(change_url)


# --- Kits --------------------------------------------------------------------------------------


class KitQuestionInline(admin.TabularInline):
    model = KitQuestion
    form = KitEntryForm
    formset = KitEntryFormSet
    fields = ["position", "question", "minutes", "weight"]
    autocomplete_fields = ["question"]
    ordering = ["position"]
    extra = 1
    verbose_name = "question"
    verbose_name_plural = "questions, in order"


@admin.register(Kit)
class KitAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "target_level", "question_count", "total_minutes"]
    list_filter = ["target_level", "entries__question__topic"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description", "target_level", "total_minutes"]
    readonly_fields = ["total_minutes"]
    inlines = [KitQuestionInline]

    class Media:
        css = CSS

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                question_count=Count("entries"),
                minutes_total=Sum("entries__minutes"),
            )
        )

    @admin.display(description="questions", ordering="question_count")
    def question_count(self, kit: Kit) -> int:
        return kit.question_count

    @admin.display(description="total minutes", ordering="minutes_total")
    def total_minutes(self, kit: Kit) -> int:
        if kit.pk is None:
            return 0
        return getattr(kit, "minutes_total", None) or 0

    def save_formset(self, request, form, formset, change):
        if isinstance(formset, KitEntryFormSet):
            leaving = [entry.pk for entry in formset.moved_or_deleted()]
            if leaving:
                # Park moved entries out of the way so the new order can be written in any
                # sequence without two entries holding one position (changeform is atomic).
                KitQuestion.objects.filter(pk__in=leaving).update(position=F("position") + 10000)
        super().save_formset(request, form, formset, change)
