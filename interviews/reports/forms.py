from datetime import datetime, time, timedelta

from django import forms
from django.conf import settings
from django.utils import timezone

from interviews.models import CandidateLevel, LoopDecision
from interviews.services.loops import NO_HIRE_HAS_NO_LEVEL


def end_of_day(day) -> datetime:
    """A link chosen to expire "on" a day lasts until the end of that day, local time."""
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


class ExpiryField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def validate(self, value):
        super().validate(value)
        today = timezone.localdate()
        if value and value < today:
            raise forms.ValidationError("Choose today or a later day.")
        if value and value > today + timedelta(days=settings.FEEDBACK_LINK_MAX_DAYS):
            raise forms.ValidationError(
                f"A link can live at most {settings.FEEDBACK_LINK_MAX_DAYS} days."
            )


class FeedbackLinkForm(forms.Form):
    expires_on = ExpiryField(label="Expires on")
    share_level = forms.BooleanField(
        label="Show the overall level band to the candidate", required=False
    )

    @classmethod
    def with_defaults(cls) -> "FeedbackLinkForm":
        return cls(
            initial={
                "expires_on": timezone.localdate() + timedelta(days=settings.FEEDBACK_LINK_DAYS)
            }
        )

    @property
    def expires_at(self) -> datetime:
        return end_of_day(self.cleaned_data["expires_on"])


class LinkExpiryForm(forms.Form):
    expires_on = ExpiryField(label="Expires on")

    @property
    def expires_at(self) -> datetime:
        return end_of_day(self.cleaned_data["expires_on"])


class DecisionForm(forms.Form):
    """A loop's hiring decision; the service (interviews.services.loop_decide) checks the rest."""

    outcome = forms.ChoiceField(choices=LoopDecision.Outcome.choices, widget=forms.RadioSelect)
    level = forms.ChoiceField(
        choices=[("", "No level (no hire)"), *CandidateLevel.choices], required=False
    )
    reason = forms.CharField(
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the decision; a change of decision needs its own reason.",
    )
    # A decision while interviews of the loop are still scheduled or live is refused unless this
    # is ticked: deciding without the whole panel's evidence must be deliberate.
    decide_with_open_interviews = forms.BooleanField(
        label="Decide with interviews still open", required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == LoopDecision.Outcome.NO_HIRE and cleaned.get("level"):
            self.add_error("level", NO_HIRE_HAS_NO_LEVEL)
        return cleaned
