"""questions[]: a question's identity (slug, topic, tags) and the content of its next revision."""

from questionbank.content import (
    RevisionContent,
    code_problems,
    content_problems,
    rubric_problems,
)
from questionbank.exchange.reading import YList, YMap
from questionbank.exchange.schema.base import TARGET_LEVELS, Checker, QuestionRow
from questionbank.models import ANCHOR_LEVELS
from questionbank.rules import LANGUAGES

# Field name -> required. The order is the order export writes them in.
QUESTION_FIELDS = {
    "slug": True,
    "topic": True,
    "tags": False,
    "title": True,
    "prompt": True,
    "crib": False,
    "guidance": False,
    "follow_ups": False,
    "starter_code": False,
    "language": False,
    "learning": False,
    "expected_minutes": True,
    "target_level": True,
    "rubric": True,
}
RUBRIC_FIELDS = {"anchors": True, "signals": True, "red_flags": False}
LEVEL_TEXT_FIELDS = {"level": True, "text": True}
MAX_TAG_LENGTH = 40


def question(checker: Checker, items: YList, index: int, path: tuple) -> None:
    before = len(checker.problems)
    item = checker.mapping(items, index, path, QUESTION_FIELDS)
    if item is None:
        return
    here = (*path, index)
    slug = checker.slug(item, "slug", here, limit=120)
    topic = checker.slug(item, "topic", here, limit=80)
    tags = checker.texts(item, "tags", here, one_line=True, limit=MAX_TAG_LENGTH)
    title = checker.text(item, "title", here, one_line=True, limit=200)
    prompt = checker.text(item, "prompt", here)
    crib = checker.text(item, "crib", here, required=False)
    guidance = checker.text(item, "guidance", here, required=False)
    follow_ups = checker.texts(item, "follow_ups", here)
    starter_code = checker.text(item, "starter_code", here, required=False)
    language = checker.choice(item, "language", here, LANGUAGES, required=False)
    learning = checker.text(item, "learning", here, required=False)
    minutes = checker.integer(item, "expected_minutes", here, 1, 60)
    level = checker.choice(item, "target_level", here, TARGET_LEVELS)
    rubric = _rubric(checker, item, here) if "rubric" in item else None
    if slug is not None:
        checker.out.defines.append(("question", slug, checker.where(item, "slug", here)))
    if topic is not None:
        checker.out.refers.append(("topic", topic, checker.where(item, "topic", here)))
    # None is a part that could not be read, reported already (by the reader, if INVALID).
    parts = (slug, topic, tags, title, prompt, crib, guidance, follow_ups, starter_code)
    parts += (language, learning, minutes, level, rubric)
    if len(checker.problems) > before or None in parts:
        return
    anchors, signals, red_flags = rubric
    content = RevisionContent(
        title=title,
        prompt=prompt,
        crib=crib,
        guidance=guidance,
        starter_code=starter_code,
        language=language,
        learning=learning,
        expected_minutes=minutes,
        target_level=level,
        anchors=anchors,
        signals=signals,
        red_flags=red_flags,
        follow_ups=follow_ups,
    )
    # Asking the services, which refuse the same content, keeps the two in step; the checks above
    # already imply the rubric's.
    checker.errors(item, here, content_problems(content))
    checker.errors(item, here, code_problems(content))  # an import publishes what it writes
    for problem in rubric_problems(content):
        checker.error(item, "rubric", here, problem)
    if len(checker.problems) == before:
        checker.out.questions.append(QuestionRow(slug, topic, tags, content))


def _rubric(checker: Checker, question: YMap, path: tuple):
    before = len(checker.problems)
    rubric = checker.mapping(question, "rubric", path, RUBRIC_FIELDS)
    if rubric is None:
        return None
    here = (*path, "rubric")
    anchors = _levelled(checker, rubric, "anchors", here, unique=True)
    signals = _levelled(checker, rubric, "signals", here, unique=False)
    red_flags = checker.texts(rubric, "red_flags", here)
    if anchors is not None:
        missing = [str(level) for level in ANCHOR_LEVELS if level not in dict(anchors)]
        if missing:
            message = (
                "needs exactly four anchors, one for each level 1-4; "
                f"missing level{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
            )
            checker.error(rubric, "anchors", here, message)
    if signals == []:
        checker.error(rubric, "signals", here, "needs at least one signal")
    if len(checker.problems) > before or None in (anchors, signals, red_flags):
        return None
    return dict(anchors), signals, red_flags


def _levelled(checker: Checker, rubric: YMap, key: str, path: tuple, *, unique: bool):
    """A list of {level, text}: the anchors (one per level) or the signals."""
    items = checker.sequence(rubric, key, path, required=True)
    if items is None:
        return None
    here = (*path, key)
    result: list[tuple[int, str]] = []
    seen: dict[int, int] = {}
    valid = True
    for index in range(len(items)):
        item = checker.mapping(items, index, here, LEVEL_TEXT_FIELDS)
        if item is None:
            valid = False
            continue
        there = (*here, index)
        level = checker.integer(item, "level", there, 1, 4)
        text = checker.text(item, "text", there)
        if unique and level in seen:
            message = f"level {level} appears twice (also {key}[{seen[level]}])"
            checker.error(item, "level", there, message)
            level = None
        if level is None or text is None:
            valid = False
            continue
        seen[level] = index
        result.append((level, text))
    return result if valid else None
