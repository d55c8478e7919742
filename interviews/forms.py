from django import forms
from django.contrib.auth.models import User
from django.db.models import Q

from config.numbers import StrictIntegerField, StrictModelChoiceField, ascii_integer
from config.roles import INTERVIEWER
from config.text import no_control_characters
from interviews.models import CandidateLevel, Recommendation
from interviews.services.loops import InterviewPlan
from interviews.services.scoring import NOTES_MAX_CHARS
from interviews.services.submission import AMENDABLE, question_key, question_position
from questionbank.models import Kit


def first_error(form: forms.Form) -> str:
    """One line naming the field and what is wrong with it."""
    for field, errors in form.errors.items():
        label = "form" if field == "__all__" else field
        return f"{label}: {errors[0]}"
    return ""


# The largest value of a PositiveIntegerField on every database (PostgreSQL's integer).
MAX_VERSION = 2**31 - 1
# Positions are PositiveSmallIntegerFields; ids are 64-bit.
MAX_POSITION = 2**15 - 1
MAX_ID = 2**63 - 1


class VersionedForm(forms.Form):
    version = StrictIntegerField(min_value=0, max_value=MAX_VERSION)


class LevelForm(VersionedForm):
    level = StrictIntegerField(
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
        ids = [ascii_integer(item) for item in value or []]
        if None in ids:
            raise forms.ValidationError("signals are given by their numeric ids")
        if any(not 0 < signal_id <= MAX_ID for signal_id in ids):
            raise forms.ValidationError("that is not the id of a signal")
        return ids


class SignalsForm(VersionedForm):
    # Which ids belong to the question is the service's check: it knows the pinned revision.
    signal = IntegerListField(required=False)


class NotesForm(VersionedForm):
    notes = forms.CharField(required=False, strip=False, max_length=NOTES_MAX_CHARS)


class GoForm(forms.Form):
    position = StrictIntegerField(min_value=1, max_value=MAX_POSITION)


class SubmitForm(forms.Form):
    recommendation = forms.ChoiceField(choices=Recommendation.choices, required=False)
    level = forms.ChoiceField(choices=CandidateLevel.choices, required=False)
    summary = forms.CharField(required=False, max_length=10_000, widget=forms.Textarea)


class AmendForm(forms.Form):
    target = forms.CharField(max_length=40)
    value = forms.CharField(max_length=10_000)
    reason = forms.CharField(max_length=2_000)

    def clean_target(self) -> str:
        # The service checks that the question is one of the interview's; here only the spelling.
        target = self.cleaned_data["target"]
        if target in AMENDABLE:
            return target
        position = question_position(target)
        if position is None:
            raise forms.ValidationError(
                "amend recommendation, level, summary or question:<position> "
                "(the question's number in ASCII digits)"
            )
        return question_key(position)


class RescheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


def interviewers():
    return (
        User.objects.filter(Q(groups__name=INTERVIEWER), is_active=True)
        .distinct()
        .order_by("first_name", "username")
    )


def person(user: User) -> str:
    return user.get_full_name() or user.username


class LoopForm(forms.Form):
    """Who the loop is for; its interviews are an InterviewPlanFormSet beside it."""

    candidate_name = forms.CharField(max_length=200, validators=[no_control_characters])
    candidate_email = forms.EmailField(validators=[no_control_characters])
    role = forms.CharField(
        max_length=200,
        required=False,
        validators=[no_control_characters],
        help_text="What the loop hires for, e.g. Senior Go engineer",
    )


class InterviewPlanForm(forms.Form):
    # Only kits with a slot are interviews; a kit without one is a collection of the bank.
    kit = StrictModelChoiceField(
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
    lead = StrictModelChoiceField(queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = interviewers()
        for name in ("panel", "lead"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = person
        self.fields["kit"].label_from_instance = lambda kit: f"{kit} ({kit.slot_minutes} min)"

    def clean(self):
        cleaned = super().clean()
        panel, lead = cleaned.get("panel"), cleaned.get("lead")
        if panel is not None and lead is not None and lead not in panel:
            self.add_error("lead", "The lead must be one of the panel.")
        return cleaned

    def plan(self) -> InterviewPlan:
        data = self.cleaned_data
        return InterviewPlan(
            kit=data["kit"],
            scheduled_at=data["scheduled_at"],
            panel=list(data["panel"]),
            lead=data["lead"],
        )


# Blank extra rows are ignored, so a loop of one to three interviews needs no JavaScript.
InterviewPlanFormSet = forms.formset_factory(
    InterviewPlanForm, extra=2, min_num=1, validate_min=True, max_num=8, validate_max=True
)
