"""import_sources and export_bank with a kit's slot: a kit with one is an interview that must fit
it (question minutes + introduction + closing <= slot), refused with file:line otherwise; a kit
without one is a collection of the bank, with no introduction or closing."""

import pytest

from questionbank.importer import export_bank, import_sources
from questionbank.models import Kit
from tests.questionbank.factories import VALID, bank_fingerprint, import_errors, located

pytestmark = pytest.mark.django_db

# VALID's kit asks scheduler-gmp-model for 8 minutes and gc-knobs for 5: 13 minutes of questions.
KIT_HEAD = "    target_level: senior\n    questions:\n      - question: scheduler-gmp-model\n"


def slotted(slot="30", intro="5", closing="5", text: str = VALID) -> str:
    lines = [
        f"    {name}: {value}\n"
        for name, value in (
            ("slot_minutes", slot),
            ("intro_minutes", intro),
            ("closing_minutes", closing),
        )
        if value is not None
    ]
    head = (
        "    target_level: senior\n"
        + "".join(lines)
        + KIT_HEAD.removeprefix("    target_level: senior\n")
    )
    assert KIT_HEAD in text
    return text.replace(KIT_HEAD, head)


def test_a_kit_with_a_slot_imports_with_its_introduction_and_closing():
    import_sources([("bank.yaml", slotted())])
    kit = Kit.objects.get(slug="senior-go")
    assert (kit.slot_minutes, kit.intro_minutes, kit.closing_minutes) == (30, 5, 5)
    assert kit.is_interview


def test_a_kit_without_a_slot_is_a_collection_however_long():
    long = VALID.replace("        minutes: 8\n", "        minutes: 60\n")
    import_sources([("bank.yaml", long)])
    kit = Kit.objects.get(slug="senior-go")
    assert (kit.slot_minutes, kit.intro_minutes, kit.closing_minutes) == (None, 0, 0)
    assert not kit.is_interview


def test_a_kit_that_fills_its_slot_to_the_minute_fits():
    import_sources([("bank.yaml", slotted(slot="23"))])
    assert Kit.objects.get(slug="senior-go").slot_minutes == 23


def test_a_kit_with_no_introduction_or_closing_may_leave_them_out():
    import_sources([("bank.yaml", slotted(slot="13", intro=None, closing=None))])
    kit = Kit.objects.get(slug="senior-go")
    assert (kit.slot_minutes, kit.intro_minutes, kit.closing_minutes) == (13, 0, 0)


def test_a_kit_over_its_slot_is_refused_by_name_at_its_slot_and_nothing_changes():
    text = slotted(slot="22")
    assert import_errors(text) == [
        located(
            text,
            "slot_minutes: 22",
            "kits[0].slot_minutes",
            "kit 'senior-go': the kit runs 23 minutes (13 of questions, 5 introduction, "
            "5 closing), 1 over its 22-minute slot; shorten or drop a question, or lengthen "
            "the slot",
        )
    ]


def test_an_import_that_would_push_a_kit_over_its_slot_leaves_the_bank_as_it_was():
    import_sources([("bank.yaml", slotted(slot="23"))])
    longer = slotted(slot="23").replace("        minutes: 8\n", "        minutes: 9\n")
    assert "1 over its 23-minute slot" in import_errors(longer)[0]
    assert Kit.objects.get(slug="senior-go").entries.get(position=1).minutes == 8


@pytest.mark.parametrize(
    ("slot", "intro", "closing", "needle", "path", "message"),
    [
        (
            None,
            "5",
            "0",
            "intro_minutes: 5",
            "kits[0].intro_minutes",
            "kit 'senior-go': introduction minutes belong to a kit with a slot; set the slot or "
            "leave them out",
        ),
        (
            None,
            None,
            "5",
            "closing_minutes: 5",
            "kits[0].closing_minutes",
            "kit 'senior-go': closing minutes belong to a kit with a slot; set the slot or "
            "leave them out",
        ),
        (
            "10",
            "5",
            "5",
            "slot_minutes: 10",
            "kits[0].slot_minutes",
            "kit 'senior-go': introduction and closing (10 minutes) leave no time for questions "
            "in a 10-minute slot",
        ),
        (
            "0",
            "0",
            "0",
            "slot_minutes: 0",
            "kits[0].slot_minutes",
            "slot_minutes 0 is outside 1-480",
        ),
        (
            "481",
            "0",
            "0",
            "slot_minutes: 481",
            "kits[0].slot_minutes",
            "slot_minutes 481 is outside 1-480",
        ),
        (
            "sixty",
            "5",
            "5",
            "slot_minutes: sixty",
            "kits[0].slot_minutes",
            "expected a whole number 1-480; got the text 'sixty'",
        ),
        (
            "60",
            "-1",
            "5",
            "intro_minutes: -1",
            "kits[0].intro_minutes",
            "intro_minutes -1 is outside 0-60",
        ),
        (
            "60",
            "5",
            "'5'",
            "closing_minutes: '5'",
            "kits[0].closing_minutes",
            "expected a whole number 0-60; got the text '5'",
        ),
    ],
    ids=[
        "introduction without a slot",
        "closing without a slot",
        "no time left for questions",
        "a zero slot",
        "a slot over a working day",
        "a slot in words",
        "negative introduction",
        "quoted closing",
    ],
)
def test_a_bad_slot_introduction_or_closing_is_refused_at_its_line(
    slot, intro, closing, needle, path, message
):
    text = slotted(slot, intro, closing)
    assert import_errors(text) == [located(text, needle, path, message)]


def test_a_misspelt_slot_gets_a_did_you_mean():
    text = slotted().replace("slot_minutes: 30", "slot_minute: 30")
    assert located(
        text,
        "slot_minute: 30",
        "kits[0].slot_minute",
        "unknown field; did you mean 'slot_minutes'?",
    ) in import_errors(text)


def test_a_new_slot_updates_the_kit_and_the_same_one_touches_nothing():
    import_sources([("bank.yaml", slotted())])
    before = bank_fingerprint()
    assert import_sources([("bank.yaml", slotted())]).kits_updated == 0
    assert bank_fingerprint() == before
    assert import_sources([("bank.yaml", slotted(slot="45"))]).kits_updated == 1
    assert Kit.objects.get(slug="senior-go").slot_minutes == 45
    import_sources([("bank.yaml", VALID)])
    kit = Kit.objects.get(slug="senior-go")
    assert (kit.slot_minutes, kit.intro_minutes, kit.closing_minutes) == (None, 0, 0)


def test_the_slot_is_exported_after_the_target_level_and_reads_back_byte_for_byte():
    import_sources([("bank.yaml", slotted(slot="30", intro="0", closing="5"))])
    text = export_bank()
    assert (
        "    target_level: senior\n    slot_minutes: 30\n    closing_minutes: 5\n    questions:\n"
        in text
    )
    import_sources([("export.yaml", text)])
    assert export_bank() == text


def test_a_kit_without_a_slot_is_exported_without_one():
    import_sources([("bank.yaml", VALID)])
    text = export_bank()
    assert "slot_minutes" not in text and "intro_minutes" not in text
