"""What rooms does when interviews announces something (interviews never imports rooms)."""

from django.dispatch import receiver

from interviews.models import Interview
from interviews.rooms import broadcast, services
from interviews.rooms.models import Room
from interviews.signals import interview_cancelled, lead_on_question


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
