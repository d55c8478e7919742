"""What a revision says, and what it may say.

RevisionContent is a revision's whole content in plain values, shared by the importer, the
exporter, the admin and the content hash. `content_problems` is what no revision may hold, draft
or published; `rubric_problems` and `code_problems` what keeps one from being published. The
services refuse them (questionbank.services), and the importer asks the same functions, so the two
never disagree.
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field

from questionbank import rules
from questionbank.models import ANCHOR_LEVELS, QuestionRevision

# Fields the format gained after revisions were first hashed (see RevisionContent.content_hash).
ADDED_FIELDS = ("crib", "starter_code", "language", "learning")


@dataclass(frozen=True)
class RevisionContent:
    """Everything a revision says, in a plain form that import, export, admin and hashing share."""

    title: str
    prompt: str
    crib: str = ""
    guidance: str = ""
    starter_code: str = ""
    language: str = ""
    learning: str = ""
    expected_minutes: int = 10
    target_level: str = "senior"
    anchors: dict[int, str] = field(default_factory=dict)
    signals: list[tuple[int, str]] = field(default_factory=list)
    red_flags: list[str] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)

    def content_hash(self) -> str:
        data = asdict(self)
        # Fields the format gained after revisions were first hashed are hashed only when they
        # say something: a revision that leaves them empty keeps the hash it always had, so
        # re-importing an older file writes no revision.
        for name in ADDED_FIELDS:
            if not data[name]:
                del data[name]
        data["anchors"] = {str(level): text for level, text in sorted(self.anchors.items())}
        data["signals"] = [list(signal) for signal in self.signals]
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    @classmethod
    def of(cls, revision: QuestionRevision) -> "RevisionContent":
        return cls(
            title=revision.title,
            prompt=revision.prompt,
            crib=revision.crib,
            guidance=revision.guidance,
            starter_code=revision.starter_code,
            language=revision.language,
            learning=revision.learning,
            expected_minutes=revision.expected_minutes,
            target_level=revision.target_level,
            anchors={anchor.level: anchor.text for anchor in revision.anchors.all()},
            signals=[(signal.level, signal.text) for signal in revision.signals.all()],
            red_flags=[flag.text for flag in revision.red_flags.all()],
            follow_ups=[follow_up.text for follow_up in revision.follow_ups.all()],
        )


def rubric_problems(content: RevisionContent) -> list[str]:
    """What keeps a revision from being published; empty when it is complete."""
    problems = []
    if sorted(content.anchors) != list(ANCHOR_LEVELS):
        problems.append("a rubric needs exactly four anchors, levels 1 to 4")
    if any(not text.strip() for text in content.anchors.values()):
        problems.append("every anchor needs a written description")
    if not content.signals:
        problems.append("a rubric needs at least one signal")
    if any(level not in ANCHOR_LEVELS for level, _ in content.signals):
        problems.append("a signal's level must be 1-4")
    if not content.prompt.strip():
        problems.append("the prompt is empty")
    return problems


def content_problems(content: RevisionContent) -> rules.Problems:
    """What no revision may hold, draft or published, keyed by field: a crib over its bounds,
    starter code without its language or a language without starter code."""
    problems = rules.starter_code_problems(
        starter_code=content.starter_code, language=content.language
    )
    crib = rules.crib_problems(content.crib)
    return problems | ({"crib": crib} if crib else {})


def code_problems(content: RevisionContent) -> rules.Problems:
    """Starter code that does not parse in its language, keyed by field. It keeps a revision from
    being published (and the admin's form from saving it), but a draft written by a service may
    hold it: "edit as new revision" must still open a draft of a revision published before this
    rule, so that a curator can correct its code."""
    return rules.starter_code_syntax_problems(
        starter_code=content.starter_code, language=content.language
    )


def flat(problems: rules.Problems) -> list[str]:
    return [message for messages in problems.values() for message in messages]
