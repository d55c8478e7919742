"""A room per interview, a pad per question, and every pad update as it arrived (the replay and
the record: nothing is relayed before it is stored here)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from interviews.models import Interview


class Room(models.Model):
    """The candidate's room. Its link is derived (rooms/tokens.py) from a server secret, the
    interview and `generation`; only the link's SHA-256 is stored, to find the room by it, and
    that cannot be turned back into the link. Regenerating bumps `generation`: the old link dies."""

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="room")
    generation = models.PositiveIntegerField(default=1)
    token_digest = models.CharField(max_length=64, unique=True)
    # The lead ended the conversation (scoring goes on): the pads freeze, and the room stays open
    # to the candidate for ROOM_OPEN_AFTER_END after it.
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"room of interview {self.interview_id}"

    @property
    def group(self) -> str:
        """The channel layer group of everyone in the room."""
        return f"room-{self.pk}"


class Pad(models.Model):
    """One question's shared pad in a room. `seeded_at`: the server inserted the starter code
    (once, when the lead first opened the question). `final_text`: its text when the lead ended
    the interview, the report's input."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="pads")
    position = models.PositiveSmallIntegerField()
    seeded_at = models.DateTimeField(null=True, blank=True)
    # NULL: not frozen yet; "" is a frozen empty pad.
    final_text = models.TextField(null=True, blank=True)  # noqa: DJ001
    # The bytes of its stored updates (pads.MAX_STORED_BYTES), kept under the pad's row lock.
    stored_bytes = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["room", "position"]
        constraints = [
            models.UniqueConstraint(fields=["room", "position"], name="one_pad_per_question"),
            models.CheckConstraint(condition=Q(position__gte=1), name="pad_position_from_one"),
        ]

    def __str__(self) -> str:
        return f"pad {self.position} of {self.room}"


class PadUpdate(models.Model):
    """One Yjs update, appended before anyone else sees it. The author is the server (starter
    code), the candidate, or a panelist; `pasted` comes from the editor's own paste event."""

    class Author(models.TextChoices):
        SERVER = "server", "Starter code"
        CANDIDATE = "candidate", "Candidate"
        PANELIST = "panelist", "Panelist"

    pad = models.ForeignKey(Pad, on_delete=models.CASCADE, related_name="updates")
    update = models.BinaryField()
    author_kind = models.CharField(max_length=10, choices=Author.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField(max_length=150)
    pasted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pad", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(author_kind__in=["server", "candidate", "panelist"]),
                name="pad_update_author_known",
            ),
            models.CheckConstraint(
                condition=~Q(author_kind="panelist") | Q(author__isnull=False),
                name="panelist_update_has_author",
            ),
        ]

    def __str__(self) -> str:
        return f"update {self.pk} of {self.pad}"
