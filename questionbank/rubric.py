"""A revision's rubric as plain, immutable data: what the console and the preview render.

Built from a revision in two queries (the revision, then all its parts in one UNION); the console
caches it per pinned revision (interviews/rubrics.py), the admin preview builds it fresh.
"""

from dataclasses import dataclass

from django.db.models import F, IntegerField, Value

from questionbank import rules
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

    @property
    def is_bonus(self) -> bool:
        """Version trivia: ticked like any signal, never counted toward a suggested level."""
        return rules.is_bonus_signal(self.text)


@dataclass(frozen=True)
class AnchorView:
    level: int
    name: str
    text: str


@dataclass(frozen=True)
class Rubric:
    revision_id: int
    title: str
    crib: str
    prompt_html: str
    guidance_html: str
    starter_code: str
    language: str
    expected_minutes: int
    anchors: tuple[AnchorView, ...]
    signals: tuple[SignalView, ...]
    red_flags: tuple[str, ...]
    follow_ups: tuple[str, ...]

    @property
    def signal_ids(self) -> frozenset[int]:
        return frozenset(signal.id for signal in self.signals)


# What a rubric takes from its revision itself (the rest comes from the rubric's parts).
REVISION_FIELDS = (
    "title",
    "crib",
    "prompt_html",
    "guidance_html",
    "starter_code",
    "language",
    "expected_minutes",
)


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
        rows(Anchor, "anchor", F("level"), F("level"))
        .union(
            rows(Signal, "signal", F("level"), F("position")),
            rows(RedFlag, "red_flag", no_level, F("position")),
            rows(FollowUp, "follow_up", no_level, F("position")),
            all=True,
        )
        .order_by()
    )


def build_rubric(revision_id: int) -> Rubric:
    revision = QuestionRevision.objects.only(*REVISION_FIELDS).get(pk=revision_id)
    by_kind: dict[str, list] = {"anchor": [], "signal": [], "red_flag": [], "follow_up": []}
    for kind, part_id, level, text, _order in sorted(
        rubric_parts(revision_id), key=lambda row: (row[4], row[1])
    ):
        by_kind[kind].append((part_id, level, text))
    return Rubric(
        **{name: getattr(revision, name) for name in REVISION_FIELDS},
        revision_id=revision.pk,
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


def rubric_from_prefetched(revision: QuestionRevision) -> Rubric:
    """A rubric from a revision whose anchors, signals, red flags and follow-ups are prefetched."""
    return Rubric(
        **{name: getattr(revision, name) for name in REVISION_FIELDS},
        revision_id=revision.pk,
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


def build_rubrics(revision_ids: list[int]) -> dict[int, Rubric]:
    """The rubrics of many revisions in five queries, whatever their number."""
    revisions = QuestionRevision.objects.filter(pk__in=revision_ids).prefetch_related(
        "anchors", "signals", "red_flags", "follow_ups"
    )
    return {revision.pk: rubric_from_prefetched(revision) for revision in revisions}
