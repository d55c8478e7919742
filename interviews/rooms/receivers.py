"""What rooms does when interviews announces something (interviews never imports rooms)."""

from django.dispatch import receiver
from django.urls import reverse

from interviews.models import Interview
from interviews.rooms import broadcast, services
from interviews.rooms.models import Room
from interviews.signals import candidate_link_wanted, interview_cancelled, lead_on_question


@receiver(lead_on_question)
def follow_the_lead(sender, *, interview_id: int, position: int, **kwargs) -> None:
    """The starter code goes in once, when the lead first opens the question; then everyone in
    the room re-reads which question is on."""
    room, _ = services.room_for_interview(interview=Interview.objects.get(pk=interview_id))
    services.pad_seed(room=room, position=position)
    broadcast.on_commit(room.pk, "room.question", position=position)


@receiver(interview_cancelled)
def close_the_room(sender, *, interview_id: int, **kwargs) -> None:
    room = Room.objects.filter(interview_id=interview_id).first()
    if room is not None:
        broadcast.on_commit(room.pk, "room.closed", reason="The interview was cancelled.")


@receiver(candidate_link_wanted)
def room_link_for_the_candidate(sender, *, interview: Interview, **kwargs) -> str:
    """The candidate's calendar invite carries the room link (its current generation)."""
    _, token = services.room_for_interview(interview=interview)
    return reverse("rooms:room", args=[token])
