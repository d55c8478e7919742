"""The rubric of a pinned question, cached in process memory.

A published revision never changes and an interview's pinned revisions never change, so a cached
copy can never be stale; it spares the console and every rating POST the rubric queries.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.db.models import F, IntegerField, Value

from questionbank.models import (
    ANCHOR_NAMES,
    Anchor,
    FollowUp,
    QuestionRevision,
    RedFlag,
    Signal,
)


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


def rubric_parts(revision_id: int) -> list[tuple[str, int, int, str, int]]:
    """Anchors, signals, red flags and follow-ups of a revision in one UNION query."""

    def rows(model, kind: str, level, order):
        return (
            model.objects.filter(revision_id=revision_id)
            .order_by()
            .annotate(kind=Value(kind), part_level=level, part_order=order)
            .values_list("kind", "id", "part_level", "text", "part_order")
        )

    no_level = Value(0, output_field=IntegerField())
    return list(
        rows(Anchor, "anchor", F("level"), F("level")).union(
            rows(Signal, "signal", F("level"), F("position")),
            rows(RedFlag, "red_flag", no_level, F("position")),
            rows(FollowUp, "follow_up", no_level, F("position")),
            all=True,
        ).order_by()
    )


@lru_cache(maxsize=4096)
def rubric_of(revision_id: int) -> Rubric:
    revision = QuestionRevision.objects.only(
        "title", "prompt_html", "guidance_html", "expected_minutes"
    ).get(pk=revision_id)
    by_kind: dict[str, list] = {"anchor": [], "signal": [], "red_flag": [], "follow_up": []}
    for kind, part_id, level, text, _order in sorted(
        rubric_parts(revision_id), key=lambda row: (row[4], row[1])
    ):
        by_kind[kind].append((part_id, level, text))
    return Rubric(
        revision_id=revision.pk,
        title=revision.title,
        prompt_html=revision.prompt_html,
        guidance_html=revision.guidance_html,
        expected_minutes=revision.expected_minutes,
        anchors=tuple(
            AnchorView(level=level, name=ANCHOR_NAMES[level], text=text)
            for _, level, text in by_kind["anchor"]
        ),
        signals=tuple(
            SignalView(id=part_id, level=level, text=text)
            for part_id, level, text in by_kind["signal"]
        ),
        red_flags=tuple(text for _, _, text in by_kind["red_flag"]),
        follow_ups=tuple(text for _, _, text in by_kind["follow_up"]),
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
