"""Reads the room pages, the socket and the reports share."""

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from interviews.models import Interview, InterviewQuestion, Panelist
from interviews.rooms import pads
from interviews.rooms.models import Pad, PadUpdate, Room

OPENS_BEFORE_START = timedelta(minutes=30)
OPEN_AFTER_END = timedelta(minutes=30)


def room_by_digest(digest: str) -> Room | None:
    return (
        Room.objects.select_related("interview__candidate", "interview__kit")
        .filter(token_digest=digest)
        .first()
    )


def ended_at(room: Room) -> datetime | None:
    """When the conversation ended: the lead's "End interview", or the interview's completion."""
    interview = room.interview
    ends = [when for when in (room.ended_at, interview.completed_at) if when is not None]
    return min(ends) if ends else None


def is_open(room: Room, now: datetime | None = None) -> bool:
    """From 30 minutes before the scheduled start to 30 minutes after the end; never cancelled."""
    now = now or timezone.now()
    interview = room.interview
    if interview.state == Interview.State.CANCELLED:
        return False
    if now < interview.scheduled_at - OPENS_BEFORE_START:
        return False
    end = ended_at(room)
    return end is None or now <= end + OPEN_AFTER_END


def phase(room: Room) -> str:
    """lobby (not started), live (on a question), ended (the pads are frozen)."""
    if ended_at(room) is not None:
        return "ended"
    if room.interview.state == Interview.State.LIVE:
        return "live"
    return "lobby"


def lead_position(interview_id: int) -> int | None:
    return (
        Panelist.objects.filter(interview_id=interview_id, is_lead=True)
        .values_list("current_position", flat=True)
        .first()
    )


@dataclass(frozen=True)
class CandidateQuestion:
    """Everything the candidate may see of a question, and nothing more: no guidance, crib,
    anchors, signals, red flags, follow-ups, budgets, ratings or notes."""

    position: int
    count: int
    title: str
    prompt_html: str
    language: str

    def as_message(self) -> dict:
        return {
            "type": "question",
            "position": self.position,
            "count": self.count,
            "title": self.title,
            "prompt_html": self.prompt_html,
            "language": self.language,
        }


def candidate_question(room: Room) -> CandidateQuestion | None:
    """The question the lead is on, while the interview is live; None in the lobby and after."""
    if phase(room) != "live":
        return None
    position = lead_position(room.interview_id)
    if position is None:
        return None
    questions = InterviewQuestion.objects.filter(interview_id=room.interview_id)
    question = questions.select_related("revision").filter(position=position).first()
    if question is None:
        return None
    revision = question.revision
    return CandidateQuestion(
        position=position,
        count=questions.count(),
        title=revision.title,
        prompt_html=revision.prompt_html,
        language=revision.language,
    )


def pad_updates(pad_id: int, *, after: int = 0) -> list[tuple[int, bytes]]:
    rows = PadUpdate.objects.filter(pad_id=pad_id, id__gt=after).order_by("id")
    return [(pk, bytes(update)) for pk, update in rows.values_list("id", "update")]


def pad_text(pad: Pad) -> str:
    if pad.final_text is not None:
        return pad.final_text
    return pads.text_of(pads.doc_from(update for _, update in pad_updates(pad.pk)))


def final_code(interview_id: int) -> dict[int, str]:
    """Each question's final text (position -> text), for the report: the frozen text once the
    lead ended the interview, else the text as stored. Questions nobody typed in are left out."""
    found = Pad.objects.filter(room__interview_id=interview_id).order_by("position")
    texts = {pad.position: pad_text(pad) for pad in found}
    return {position: text for position, text in texts.items() if text.strip()}


def replay(interview_id: int) -> list[dict]:
    """Each question's pad as the replay player reads it: every stored update in order, with
    milliseconds since the pad's first, its author's label and kind, and whether it was pasted.
    The updates are base64 for the page's JSON; the player applies them with Yjs and shows text
    only as text."""
    titles = dict(
        InterviewQuestion.objects.filter(interview_id=interview_id).values_list(
            "position", "revision__title"
        )
    )
    pads_of = Pad.objects.filter(room__interview_id=interview_id).order_by("position")
    found = []
    for pad in pads_of:
        rows = list(
            PadUpdate.objects.filter(pad=pad)
            .order_by("id")
            .values_list("update", "created_at", "label", "author_kind", "pasted")
        )
        if not rows:
            continue
        start = rows[0][1]
        found.append(
            {
                "position": pad.position,
                "json_id": f"replay-{pad.position}",
                "title": titles.get(pad.position, ""),
                "updates": [
                    {
                        "t": round((created - start).total_seconds() * 1000),
                        "label": label,
                        "kind": kind,
                        "pasted": pasted,
                        "u": base64.b64encode(bytes(update)).decode("ascii"),
                    }
                    for update, created, label, kind, pasted in rows
                ],
            }
        )
    return found
