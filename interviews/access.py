"""The only doors into an interview. Anyone who is not on the panel gets a 404, never a 403:
the existence of an interview is itself not theirs to know."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from interviews.models import Loop, Scorecard


def scorecard_for_panelist(user, interview_pk: int) -> Scorecard:
    """The user's own scorecard on that interview, with its interview, candidate, kit, panelist."""
    return get_object_or_404(
        Scorecard.objects.select_related(
            "interview__candidate", "interview__kit", "panelist", "interviewer"
        ),
        interview_id=interview_pk,
        interviewer_id=user.pk,
    )


def loop_for_scheduler(user, loop_pk: int) -> Loop:
    """A loop, for those who schedule interviews (hiring managers); 404 for anyone else."""
    if not user.has_perm("interviews.schedule_interview"):
        raise Http404("No such loop.")
    return get_object_or_404(Loop.objects.select_related("candidate"), pk=loop_pk)
