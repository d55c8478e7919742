"""The rubric of a pinned question, cached in process memory.

A published revision never changes and an interview's pinned revisions never change, so a cached
copy can never be stale; it spares the console and every rating POST the rubric queries.
"""

from dataclasses import dataclass
from functools import lru_cache

from interviews.models import InterviewQuestion
from questionbank.rubric import AnchorView, Rubric, SignalView, build_rubric

__all__ = [
    "AnchorView",
    "PinnedQuestion",
    "Rubric",
    "SignalView",
    "clear_caches",
    "pinned_question",
    "rubric_at",
    "rubric_of",
]


@lru_cache(maxsize=4096)
def rubric_of(revision_id: int) -> Rubric:
    """The rubric of a published revision; cached, as published revisions never change."""
    return build_rubric(revision_id)


@dataclass(frozen=True)
class PinnedQuestion:
    id: int
    revision_id: int


_pinned: dict[tuple[int, int], PinnedQuestion] = {}


def pinned_question(interview_id: int, position: int) -> PinnedQuestion | None:
    """The question an interview pinned at a position; misses are not cached (it may be new)."""
    key = (interview_id, position)
    if key not in _pinned:
        found = (
            InterviewQuestion.objects.filter(interview_id=interview_id, position=position)
            .values_list("id", "revision_id")
            .first()
        )
        if found is None:
            return None
        if len(_pinned) > 100_000:
            _pinned.clear()
        _pinned[key] = PinnedQuestion(*found)
    return _pinned[key]


def clear_caches() -> None:
    _pinned.clear()
    rubric_of.cache_clear()


def rubric_at(interview_id: int, position: int) -> Rubric | None:
    pinned = pinned_question(interview_id, position)
    return rubric_of(pinned.revision_id) if pinned else None
