"""Kits: their details, their slot, and their questions in order, with time budgets and weights.

A kit with a slot must fit it (the kit form refuses an introduction and closing that leave no
time; the questions' formset refuses minutes over the slot); the page shows the sum against it.
"""

from django.contrib import admin
from django.db.models import Count, Sum

from questionbank import services
from questionbank.admin.shared import CSS, LabelledTabularInline
from questionbank.forms import KitEntryForm, KitEntryFormSet
from questionbank.models import Kit, KitQuestion
from questionbank.rules import KitTiming


class KitQuestionInline(LabelledTabularInline):
    model = KitQuestion
    form = KitEntryForm
    formset = KitEntryFormSet
    fields = ["position", "question", "minutes", "weight"]
    # A plain select, not the admin's select2 autocomplete: an empty select2 row has no accessible
    # name (it takes it from the selection), and a bank of a few dozen questions needs no search.
    ordering = ["position"]
    extra = 1
    verbose_name = "question"
    verbose_name_plural = "questions, in order"


@admin.register(Kit)
class KitAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "target_level", "question_count", "total_minutes", "slot"]
    list_filter = ["target_level", "entries__question__topic"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        "name",
        "slug",
        "description",
        "target_level",
        "slot_minutes",
        "intro_minutes",
        "closing_minutes",
        "timing",
    ]
    readonly_fields = ["timing"]
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

    @admin.display(description="slot", ordering="slot_minutes")
    def slot(self, kit: Kit) -> str:
        return f"{kit.slot_minutes} min" if kit.is_interview else "none (a collection)"

    @admin.display(description="minutes against the slot")
    def timing(self, kit: Kit) -> str:
        """The saved questions' minutes, introduction and closing, against the slot."""
        if kit.pk is None:
            return "Save the kit with its questions to see their minutes against the slot."
        return KitTiming.of(
            slot_minutes=kit.slot_minutes,
            intro_minutes=kit.intro_minutes,
            closing_minutes=kit.closing_minutes,
            minutes=[getattr(kit, "minutes_total", None) or 0],
        ).summary()

    def save_formset(self, request, form, formset, change):
        if isinstance(formset, KitEntryFormSet):
            # The admin's changeform is atomic: the parked entries take their new places in it.
            services.kit_entries_park(entry_ids=[entry.pk for entry in formset.moved_or_deleted()])
        super().save_formset(request, form, formset, change)
