"""The doors into a room: its link for the candidate, and the link's page for those who hand it
out. Anyone else gets a 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from config.ratelimit import CapabilityLinks
from interviews.models import Interview, Panelist, Scorecard
from interviews.selectors import holds_open_scorecard

ROOM_LINKS = CapabilityLinks(kind="room", reads_per_minute="ROOM_LINK_READS_PER_MINUTE")
SCHEDULE = "interviews.schedule_interview"


def is_lead(user, interview_pk: int) -> bool:
    return Panelist.objects.filter(
        interview_id=interview_pk, user_id=user.pk, is_lead=True
    ).exists()


def interview_for_link_holder(user, interview_pk: int) -> Interview:
    """The interview, for its panel's lead or a hiring manager (who show, copy and regenerate
    the room link); 404 for anyone else."""
    if not (user.has_perm(SCHEDULE) or is_lead(user, interview_pk)):
        raise Http404("No such interview.")
    return get_object_or_404(Interview.objects.select_related("candidate", "kit"), pk=interview_pk)


def interview_for_lead(user, interview_pk: int) -> Interview:
    """The interview, for its panel's lead only (who ends it)."""
    if not is_lead(user, interview_pk):
        raise Http404("No such interview.")
    return get_object_or_404(Interview, pk=interview_pk)


def interview_for_replay(user, interview_pk: int) -> Interview:
    """The interview, for those who read its report: hiring managers, and panelists once they
    have submitted their own scorecard (before that, the pad is live in their console)."""
    submitted = Scorecard.objects.filter(
        interview_id=interview_pk, interviewer_id=user.pk, submitted_at__isnull=False
    ).exists()
    if not (submitted or user.has_perm("interviews.view_report")):
        raise Http404("No such interview.")
    interview = get_object_or_404(
        Interview.objects.select_related("candidate", "kit"), pk=interview_pk
    )
    # Blind scoring across a loop, as for the report: nothing of another interview of the loop
    # while the reader still has a scorecard to submit in it.
    if interview.loop_id and holds_open_scorecard(user.pk, loop_ids=[interview.loop_id]):
        raise PermissionDenied("Submit your own scorecard first: the loop is scored blind.")
    return interview
