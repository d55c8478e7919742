from django import forms
from django.contrib.auth.models import User
from django.db.models import Q

from config.roles import INTERVIEWER
from interviews.models import CandidateLevel, Recommendation
from interviews.services.scoring import NOTES_MAX_CHARS
from questionbank.models import Kit


def first_error(form: forms.Form) -> str:
    """One line naming the field and what is wrong with it."""
    for field, errors in form.errors.items():
        label = "form" if field == "__all__" else field
        return f"{label}: {errors[0]}"
    return ""


class VersionedForm(forms.Form):
    version = forms.IntegerField(min_value=0)


class LevelForm(VersionedForm):
    level = forms.IntegerField(
        min_value=1,
        max_value=4,
        error_messages={
            "min_value": "level %(limit_value)s is the lowest; levels are 1-4",
            "max_value": "levels are 1-4",
        },
    )


class SkipForm(VersionedForm):
    reason = forms.CharField(max_length=500)


class IntegerListField(forms.Field):
    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        try:
            return [int(item) for item in value or []]
        except (TypeError, ValueError):
            raise forms.ValidationError("signals are given by their numeric ids") from None


class SignalsForm(VersionedForm):
    # Which ids belong to the question is the service's check: it knows the pinned revision.
    signal = IntegerListField(required=False)


class NotesForm(VersionedForm):
    notes = forms.CharField(required=False, strip=False, max_length=NOTES_MAX_CHARS)


class GoForm(forms.Form):
    position = forms.IntegerField(min_value=1)


class SubmitForm(forms.Form):
    recommendation = forms.ChoiceField(choices=Recommendation.choices, required=False)
    level = forms.ChoiceField(choices=CandidateLevel.choices, required=False)
    summary = forms.CharField(required=False, max_length=10_000, widget=forms.Textarea)


class AmendForm(forms.Form):
    target = forms.CharField(max_length=40)
    value = forms.CharField(max_length=10_000)
    reason = forms.CharField(max_length=2_000)


class RescheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class ScheduleForm(forms.Form):
    candidate_name = forms.CharField(max_length=200)
    candidate_email = forms.EmailField()
    # Only kits with a slot are interviews; a kit without one is a collection of the bank.
    kit = forms.ModelChoiceField(
        queryset=Kit.objects.filter(slot_minutes__isnull=False),
        error_messages={
            "invalid_choice": "Choose one of the kits offered: only a kit with a slot is an "
            "interview (a kit without one is a collection of the bank)."
        },
    )
    scheduled_at = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    panel = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    lead = forms.ModelChoiceField(queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        interviewers = (
            User.objects.filter(Q(groups__name=INTERVIEWER), is_active=True)
            .distinct()
            .order_by("first_name", "username")
        )
        self.fields["panel"].queryset = interviewers
        self.fields["lead"].queryset = interviewers
        label = lambda user: user.get_full_name() or user.username  # noqa: E731
        self.fields["panel"].label_from_instance = label
        self.fields["lead"].label_from_instance = label
        self.fields["kit"].label_from_instance = lambda kit: f"{kit} ({kit.slot_minutes} min)"

    def clean(self):
        cleaned = super().clean()
        panel, lead = cleaned.get("panel"), cleaned.get("lead")
        if panel is not None and lead is not None and lead not in panel:
            self.add_error("lead", "The lead must be one of the panel.")
        return cleaned
