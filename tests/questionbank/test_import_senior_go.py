"""The shipped kit, questionbank/kits/senior-go.yaml, loads, reloads as a no-op and round-trips
byte for byte; the kit as it was before the format's new fields still imports, unchanged."""

import hashlib
from pathlib import Path

import pytest
import yaml

from questionbank.importer import export_bank, import_sources
from questionbank.models import Kit, KitQuestion, Question, QuestionRevision, Topic
from tests.questionbank.factories import bank_fingerprint

KIT_FILE = Path(__file__).resolve().parents[2] / "questionbank" / "kits" / "senior-go.yaml"
OLD_KIT_FILE = Path(__file__).resolve().parent / "data" / "senior-go-before-the-new-fields.yaml"
# sha256 over the sorted lines "<slug> <content hash>" of the old kit's 28 questions, as main's
# code (before the new fields) hashed them: what the banks that imported it hold.
OLD_KIT_HASHES = "67a8f475180ab8d01e8aa99b49e848b2b878a51f9b8e87ec62187f16f428deb6"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not KIT_FILE.exists(), reason=f"{KIT_FILE} is not written yet"),
]


@pytest.fixture(scope="module")
def shipped():
    return yaml.safe_load(KIT_FILE.read_text(encoding="utf-8"))


def load(path: Path = KIT_FILE) -> object:
    return import_sources([(path.name, path.read_bytes())])


def stored_hashes() -> str:
    lines = sorted(
        f"{slug} {digest}"
        for slug, digest in Question.objects.values_list("slug", "current_revision__content_hash")
    )
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def test_it_loads_into_an_empty_bank(shipped):
    report = load()
    assert report.questions_created == len(shipped["questions"]) == Question.objects.count()
    assert Topic.objects.count() == len(shipped["topics"])
    assert QuestionRevision.objects.filter(number=1, published_at__isnull=False).count() == len(
        shipped["questions"]
    )
    assert set(Question.objects.values_list("status", flat=True)) == {"published"}
    kit = Kit.objects.get(slug="senior-go")
    [shipped_kit] = [item for item in shipped["kits"] if item["slug"] == "senior-go"]
    assert list(kit.entries.values_list("question__slug", flat=True)) == [
        entry["question"] for entry in shipped_kit["questions"]
    ]
    assert KitQuestion.objects.count() == sum(len(item["questions"]) for item in shipped["kits"])


def test_loading_it_again_changes_nothing(shipped):
    load()
    before = bank_fingerprint()
    report = load()
    assert bank_fingerprint() == before
    assert report.questions_unchanged == len(shipped["questions"])


def test_its_export_imports_back_identically():
    load()
    first = export_bank()
    KitQuestion.objects.all().delete()
    Kit.objects.all().delete()
    Question.objects.update(status=Question.Status.DRAFT, current_revision=None)
    Question.objects.all().delete()
    Topic.objects.all().delete()
    import_sources([("export.yaml", first)])
    assert export_bank() == first
    assert export_bank(kit_slug="senior-go").startswith("format: loupe-questionbank/1\n")


def test_exporting_it_gives_back_the_file_byte_for_byte():
    load()
    assert export_bank().encode("utf-8") == KIT_FILE.read_bytes()


def test_its_interview_kits_have_slots_and_the_collection_has_none():
    load()
    slots = dict(Kit.objects.values_list("slug", "slot_minutes"))
    assert slots["senior-go"] is None
    assert {slug: slot for slug, slot in slots.items() if slug != "senior-go"} == {
        "go-phone-screen": 30,
        "senior-go-concurrency": 60,
        "senior-go-performance": 60,
    }


def test_the_kit_from_before_the_new_fields_hashes_as_it_always_did_and_reimports_as_a_no_op():
    load(OLD_KIT_FILE)
    assert stored_hashes() == OLD_KIT_HASHES
    before = bank_fingerprint()
    report = load(OLD_KIT_FILE)
    assert (report.revisions_created, report.questions_unchanged) == (0, 28)
    assert bank_fingerprint() == before


def test_the_old_217_minute_collection_stays_importable_and_the_new_file_updates_it():
    load(OLD_KIT_FILE)
    old = Kit.objects.get(slug="senior-go")
    assert (old.slot_minutes, sum(old.entries.values_list("minutes", flat=True))) == (None, 217)
    report = load()
    assert report.kits_created == 3 and report.kits_updated == 1
    assert Kit.objects.get(slug="senior-go").slot_minutes is None
