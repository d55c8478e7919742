"""A readable, field-by-field unified diff between two revisions' content (difflib)."""

import difflib
from dataclasses import dataclass

from questionbank.models import ANCHOR_NAMES, TargetLevel
from questionbank.services import RevisionContent


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed" or "hunk" (a "@@ -a,b +c,d @@" separator)
    text: str


@dataclass(frozen=True)
class FieldDiff:
    label: str
    lines: tuple[DiffLine, ...]

    @property
    def changed(self) -> bool:
        return bool(self.lines)


def _level(level: int) -> str:
    return f"{level} {ANCHOR_NAMES.get(level, '?')}"


def content_lines(content: RevisionContent) -> dict[str, list[str]]:
    """Each compared field of a revision as the lines a curator reads."""
    return {
        "Title": [content.title],
        "Prompt": content.prompt.splitlines(),
        "Crib": content.crib.splitlines(),
        "Guidance": content.guidance.splitlines(),
        "Starter code": (
            [f"({content.language})", *content.starter_code.splitlines()]
            if content.starter_code or content.language
            else []
        ),
        "Learning notes": content.learning.splitlines(),
        "Expected minutes": [str(content.expected_minutes)],
        "Target level": [str(TargetLevel(content.target_level).label)]
        if content.target_level in TargetLevel.values
        else [content.target_level],
        "Anchors": [
            f"{_level(level)}: {line}" if index == 0 else f"    {line}"
            for level, text in sorted(content.anchors.items())
            for index, line in enumerate(text.splitlines() or [""])
        ],
        "Signals": [f"[{_level(level)}] {text}" for level, text in content.signals],
        "Red flags": list(content.red_flags),
        "Follow-up probes": list(content.follow_ups),
    }


def field_diff(label: str, old: list[str], new: list[str], context: int = 3) -> FieldDiff:
    lines = []
    # The first two lines of a non-empty diff are the "---"/"+++" file headers.
    for raw in list(difflib.unified_diff(old, new, lineterm="", n=context))[2:]:
        if raw.startswith("@@"):
            lines.append(DiffLine("hunk", raw))
        elif raw.startswith("+"):
            lines.append(DiffLine("added", raw[1:]))
        elif raw.startswith("-"):
            lines.append(DiffLine("removed", raw[1:]))
        else:
            lines.append(DiffLine("same", raw[1:]))
    return FieldDiff(label=label, lines=tuple(lines))


def revision_diff(old: RevisionContent, new: RevisionContent) -> list[FieldDiff]:
    """One FieldDiff per compared field, in reading order; unchanged fields have no lines."""
    before, after = content_lines(old), content_lines(new)
    return [field_diff(label, before[label], after[label]) for label in before]
