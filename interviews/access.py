"""The only doors into an interview. Anyone who is not on the panel gets a 404, never a 403:
the existence of an interview is itself not theirs to know."""

from django.shortcuts import get_object_or_404

from interviews.models import Scorecard


def scorecard_for_panelist(user, interview_pk: int) -> Scorecard:
    """The user's own scorecard on that interview, with the interview, candidate, kit and seat."""
    return get_object_or_404(
        Scorecard.objects.select_related(
            "interview__candidate", "interview__kit", "panelist", "interviewer"
        ),
        interview_id=interview_pk,
        interviewer_id=user.pk,
    )
