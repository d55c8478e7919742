"""kits[]: a kit's details, its slot with the introduction and closing, and its questions in
order; a kit with a slot must fit it (questionbank.rules.KitTiming)."""

from questionbank.exchange.reading import YList, show
from questionbank.exchange.schema.base import TARGET_LEVELS, Checker, EntryRow, KitRow
from questionbank.rules import FRAME_MAX_MINUTES, SLOT_MAX_MINUTES, KitTiming

# Field name -> required. The order is the order export writes them in.
KIT_FIELDS = {
    "slug": True,
    "name": True,
    "description": False,
    "target_level": True,
    "slot_minutes": False,
    "intro_minutes": False,
    "closing_minutes": False,
    "questions": False,
}
ENTRY_FIELDS = {"question": True, "minutes": True, "weight": False}
MAX_WEIGHT = 1000


def kit(checker: Checker, items: YList, index: int, path: tuple) -> None:
    before = len(checker.problems)
    item = checker.mapping(items, index, path, KIT_FIELDS)
    if item is None:
        return
    here = (*path, index)
    slug = checker.slug(item, "slug", here, limit=80)
    name = checker.text(item, "name", here, one_line=True, limit=160)
    description = checker.text(item, "description", here, required=False)
    level = checker.choice(item, "target_level", here, TARGET_LEVELS)
    slot = checker.integer(item, "slot_minutes", here, 1, SLOT_MAX_MINUTES)
    intro = checker.integer(item, "intro_minutes", here, 0, FRAME_MAX_MINUTES, default=0)
    closing = checker.integer(item, "closing_minutes", here, 0, FRAME_MAX_MINUTES, default=0)
    entries = checker.sequence(item, "questions", here)
    if slug is not None:
        checker.out.defines.append(("kit", slug, checker.where(item, "slug", here)))
    rows: list[EntryRow] = []
    positions: dict[str, int] = {}
    there = (*here, "questions")
    for position in range(len(entries or ())):
        entry = checker.mapping(entries, position, there, ENTRY_FIELDS)
        if entry is None:
            continue
        at = (*there, position)
        question = checker.slug(entry, "question", at, limit=120)
        minutes = checker.integer(entry, "minutes", at, 1, 60)
        weight = checker.integer(entry, "weight", at, 1, MAX_WEIGHT, default=1)
        if question is not None:
            if question in positions:
                first = positions[question]
                message = f"{show(question)} is already in this kit at questions[{first}]"
                checker.error(entry, "question", at, message)
                continue
            positions[question] = position
            checker.out.refers.append(("question", question, checker.where(entry, "question", at)))
        if None not in (question, minutes, weight):
            rows.append(EntryRow(question, minutes, weight))
    if len(checker.problems) > before:
        return  # the timing is only worth checking once every number in it reads
    timing = KitTiming.of(
        slot_minutes=slot,
        intro_minutes=intro,
        closing_minutes=closing,
        minutes=(row.minutes for row in rows),
    )
    problems = timing.problems()
    named = {
        field: [f"kit {show(slug)}: {text}" for text in found] for field, found in problems.items()
    }
    checker.errors(item, here, named)
    if not problems:
        checker.out.kits.append(KitRow(slug, name, description, level, rows, slot, intro, closing))
