"""Kits: their details and their questions, in order, with time budgets and weights."""

from django.contrib import admin
from django.db.models import Count, Sum

from questionbank import services
from questionbank.admin.shared import CSS
from questionbank.forms import KitEntryForm, KitEntryFormSet
from questionbank.models import Kit, KitQuestion


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
            # The admin's changeform is atomic: the parked entries take their new places in it.
            services.kit_entries_park(entry_ids=[entry.pk for entry in formset.moved_or_deleted()])
        super().save_formset(request, form, formset, change)
