"""The question bank's admin list, with each question's calibration flags beside it.

questionbank knows nothing of calibration (it is the lower layer): this app extends the question
list that questionbank registers, after it (INSTALLED_APPS order), so curators see flags where they
decide what to retire."""

from django.contrib import admin
from django.utils.html import format_html_join

from questionbank.admin.questions import QuestionAdmin
from questionbank.admin.shared import badge
from questionbank.models import Question


class CalibratedQuestionAdmin(QuestionAdmin):
    list_display = [*QuestionAdmin.list_display, "calibration_flags"]
    list_select_related = [*QuestionAdmin.list_select_related, "calibration"]

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


admin.site.unregister(Question)
admin.site.register(Question, CalibratedQuestionAdmin)
