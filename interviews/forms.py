from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone

from config.numbers import StrictIntegerField, StrictModelChoiceField, ascii_integer
from config.roles import INTERVIEWER
from config.text import no_control_characters
from interviews.models import CandidateLevel, Interview, InterviewQuestion, Loop, Recommendation
from interviews.selectors import open_loop_of
from interviews.services.loops import InterviewPlan, open_loop_message, plan_problems
from interviews.services.scoring import NOTES_MAX_CHARS
from interviews.services.submission import AMENDABLE, RATING_LEVELS
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
    reason = forms.CharField(
        max_length=500, error_messages={"required": "a skipped question needs a reason"}
    )


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


@dataclass(frozen=True)
class AmendTarget:
    """What an amendment changes: one of the scorecard's overall fields (`field`), or the rating
    of the question at `position` (then `field` is "rating")."""

    field: str
    position: int | None = None


class AmendForm(forms.Form):
    """One change to a submitted scorecard, its new value and why.

    `target` offers the scorecard's overall fields by name and the interview's questions by
    position; what is posted is checked against those choices and cleaned to an AmendTarget.
    """

    target = forms.TypedChoiceField(
        label="What",
        error_messages={
            "invalid_choice": "%(value)s is not something to amend: choose the recommendation, "
            "the level, the summary or one of this interview's questions"
        },
    )
    value = forms.CharField(label="New value", max_length=10_000)
    reason = forms.CharField(label="Why", max_length=2_000)

    def __init__(self, *args, questions: Iterable[InterviewQuestion], **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        ratings = [
            (str(question.position), f"Question {question.position} rating")
            for question in questions
        ]
        target = self.fields["target"]
        target.choices = [(name, name.capitalize()) for name in AMENDABLE] + ratings
        target.coerce = self.target_of

    @staticmethod
    def target_of(choice: str) -> AmendTarget:
        # Only a choice offered gets here (the field checks it first): a name or a position.
        if choice in AMENDABLE:
            return AmendTarget(field=choice)
        return AmendTarget(field="rating", position=int(choice))

    def clean(self):
        cleaned = super().clean()
        target, value = cleaned.get("target"), cleaned.get("value")
        if target is None or value is None:
            return cleaned
        if target.position is not None:
            level = ascii_integer(value.strip())
            if level not in RATING_LEVELS:
                self.add_error(
                    "value", f"question {target.position}: level {value:.10} is outside 1-4"
                )
            cleaned["value"] = level
        elif (choices := AMENDABLE[target.field]) is not None and value not in choices.values:
            self.add_error(
                "value",
                f"{value!r:.20} is not a {target.field}: choose one of {', '.join(choices.values)}",
            )
        return cleaned

    def amendment(self) -> dict:
        """The change as scorecard_amend's typed arguments (once the form is valid)."""
        target, value = self.cleaned_data["target"], self.cleaned_data["value"]
        if target.position is not None:
            return {"ratings": {target.position: value}}
        return {target.field: value}


# A start time this far in the past is a slip (a wrong day or year), not an interview about to
# start; a few minutes' grace lets a manager schedule one that is starting now.
PAST_GRACE = timedelta(minutes=5)


def not_in_the_past(value: datetime) -> datetime:
    if value < timezone.now() - PAST_GRACE:
        raise forms.ValidationError(
            "%(when)s is in the past: choose a time from now on.",
            params={"when": f"{timezone.localtime(value):%-d %b %Y %H:%M}"},
        )
    return value


class StartField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"})
    default_validators = [not_in_the_past]

    def __init__(self, **kwargs):
        super().__init__(input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"], **kwargs)


class RescheduleForm(forms.Form):
    scheduled_at = StartField()

    def __init__(self, *args, interview: Interview, **kwargs):
        super().__init__(*args, **kwargs)
        self.interview = interview

    def clean(self):
        cleaned = super().clean()
        when = cleaned.get("scheduled_at")
        if when is not None:
            plan = InterviewPlan(
                kit=self.interview.kit,
                scheduled_at=when,
                panel=[
                    panelist.user for panelist in self.interview.panelists.select_related("user")
                ],
                lead=None,
            )
            for problem in plan_problems([plan], exclude_interview_id=self.interview.pk):
                self.add_error("scheduled_at", problem.message)
        return cleaned


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
    # The candidate's open loop, when the email has one: the page links to it.
    open_loop: Loop | None = None

    def clean_candidate_email(self):
        email = self.cleaned_data["candidate_email"]
        self.open_loop = open_loop_of(email)
        if self.open_loop is not None:
            raise forms.ValidationError(open_loop_message(self.open_loop))
        return email


class InterviewPlanForm(forms.Form):
    # Only kits with a slot are interviews; a kit without one is a collection of the bank.
    kit = StrictModelChoiceField(
        queryset=Kit.objects.filter(slot_minutes__isnull=False),
        error_messages={
            "invalid_choice": "Choose one of the kits offered: only a kit with a slot is an "
            "interview (a kit without one is a collection of the bank)."
        },
    )
    scheduled_at = StartField()
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


class BaseInterviewPlanFormSet(forms.BaseFormSet):
    def clean(self):
        """A panelist booked twice is named on the row that books them (see plan_problems)."""
        if any(self.errors):
            return
        rows = [form for form in self.forms if form.has_changed()]
        for problem in plan_problems([form.plan() for form in rows]):
            rows[problem.index].add_error(problem.field, problem.message)


# Blank extra rows are ignored, so a loop of one to three interviews needs no JavaScript.
InterviewPlanFormSet = forms.formset_factory(
    InterviewPlanForm,
    formset=BaseInterviewPlanFormSet,
    extra=2,
    min_num=1,
    validate_min=True,
    max_num=8,
    validate_max=True,
)
