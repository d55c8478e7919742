from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from config.numbers import StrictModelChoiceField
from interviews.calibration import charts
from interviews.calibration.selectors import CalibrationFilter, calibration_page
from interviews.calibration.statistics import DISCRIMINATION_FLOOR
from interviews.calibration.tasks import calibration_refresh_enqueue
from questionbank.models import Kit, Topic


def ensure_can_view(user) -> None:
    if not (
        user.has_perm("interviews.view_report") or user.has_perm("questionbank.change_question")
    ):
        raise PermissionDenied("Calibration is for hiring managers and curators.")


class FilterForm(forms.Form):
    kit = StrictModelChoiceField(queryset=Kit.objects.all(), required=False, empty_label="All kits")
    topic = StrictModelChoiceField(
        queryset=Topic.objects.all(), required=False, empty_label="All topics"
    )
    month_from = forms.DateField(
        required=False, input_formats=["%Y-%m"], widget=forms.DateInput(attrs={"type": "month"})
    )
    month_to = forms.DateField(
        required=False, input_formats=["%Y-%m"], widget=forms.DateInput(attrs={"type": "month"})
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("month_from"), cleaned.get("month_to")
        if start and end and start > end:
            self.add_error("month_to", "The end month is before the start month.")
        return cleaned

    def to_filter(self) -> CalibrationFilter:
        data = self.cleaned_data if self.is_valid() else {}
        end: date | None = data.get("month_to")
        return CalibrationFilter(
            kit_id=data["kit"].pk if data.get("kit") else None,
            topic_id=data["topic"].pk if data.get("topic") else None,
            month_from=data.get("month_from"),
            month_to=end,
        )


def calibration(request):
    ensure_can_view(request.user)
    form = FilterForm(request.GET or None)
    page = calibration_page(form.to_filter() if form.is_bound else CalibrationFilter())
    context = {
        "form": form,
        "page": page,
        "distribution": charts.distribution_chart(page.questions),
        "discrimination": charts.signed_chart(
            page.questions,
            value=lambda f: f.discrimination,
            label=lambda f: f.slug,
            limit=1.0,
            threshold=DISCRIMINATION_FLOOR,
        ),
        "leniency": charts.signed_chart(
            page.interviewers, value=lambda f: f.leniency, label=lambda f: f.name, limit=1.0
        ),
        "discrimination_floor": DISCRIMINATION_FLOOR,
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "calibration/calibration.html", context, status=status)


@require_POST
def refresh(request):
    ensure_can_view(request.user)
    if not calibration_refresh_enqueue():
        messages.error(
            request,
            "Could not queue the refresh: the task queue is unreachable. The hourly refresh "
            "catches up once it is back.",
        )
    else:
        messages.success(request, "Calibration refresh queued; the figures update when it ends.")
    return redirect("calibration:page")
