"""The rubric of a pinned question, cached in process memory.

A published revision never changes and an interview's pinned revisions never change, so a cached
copy can never be stale; it spares the console and every rating POST the rubric queries.
"""

from dataclasses import dataclass
from functools import lru_cache

from questionbank.models import ANCHOR_NAMES, QuestionRevision


@dataclass(frozen=True)
class SignalView:
    id: int
    level: int
    text: str


@dataclass(frozen=True)
class AnchorView:
    level: int
    name: str
    text: str


@dataclass(frozen=True)
class Rubric:
    revision_id: int
    title: str
    prompt_html: str
    guidance_html: str
    expected_minutes: int
    anchors: tuple[AnchorView, ...]
    signals: tuple[SignalView, ...]
    red_flags: tuple[str, ...]
    follow_ups: tuple[str, ...]

    @property
    def signal_ids(self) -> frozenset[int]:
        return frozenset(signal.id for signal in self.signals)


@lru_cache(maxsize=4096)
def rubric_of(revision_id: int) -> Rubric:
    revision = QuestionRevision.objects.prefetch_related(
        "anchors", "signals", "red_flags", "follow_ups"
    ).get(pk=revision_id)
    return Rubric(
        revision_id=revision.pk,
        title=revision.title,
        prompt_html=revision.prompt_html,
        guidance_html=revision.guidance_html,
        expected_minutes=revision.expected_minutes,
        anchors=tuple(
            AnchorView(level=a.level, name=ANCHOR_NAMES[a.level], text=a.text)
            for a in revision.anchors.all()
        ),
        signals=tuple(
            SignalView(id=s.id, level=s.level, text=s.text) for s in revision.signals.all()
        ),
        red_flags=tuple(flag.text for flag in revision.red_flags.all()),
        follow_ups=tuple(follow_up.text for follow_up in revision.follow_ups.all()),
    )


_pinned: dict[tuple[int, int], int] = {}


def pinned_revision_id(interview_id: int, position: int) -> int | None:
    """The revision an interview pinned at a position; misses are not cached (it may be new)."""
    from interviews.models import InterviewQuestion

    key = (interview_id, position)
    if key not in _pinned:
        found = (
            InterviewQuestion.objects.filter(interview_id=interview_id, position=position)
            .values_list("revision_id", flat=True)
            .first()
        )
        if found is None:
            return None
        if len(_pinned) > 100_000:
            _pinned.clear()
        _pinned[key] = found
    return _pinned[key]


def clear_caches() -> None:
    _pinned.clear()
    rubric_of.cache_clear()


def rubric_at(interview_id: int, position: int) -> Rubric | None:
    revision_id = pinned_revision_id(interview_id, position)
    return rubric_of(revision_id) if revision_id else None
