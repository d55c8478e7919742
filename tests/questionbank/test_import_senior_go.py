"""The shipped kit, questionbank/kits/senior-go.yaml, loads, reloads as a no-op and round-trips."""

from pathlib import Path

import pytest
import yaml

from questionbank.importer import export_bank, import_sources
from questionbank.models import Kit, KitQuestion, Question, QuestionRevision, Topic
from tests.questionbank.factories import bank_fingerprint

KIT_FILE = Path(__file__).resolve().parents[2] / "questionbank" / "kits" / "senior-go.yaml"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not KIT_FILE.exists(), reason=f"{KIT_FILE} is not written yet"),
]


@pytest.fixture(scope="module")
def shipped():
    return yaml.safe_load(KIT_FILE.read_text(encoding="utf-8"))


def load() -> object:
    return import_sources([(KIT_FILE.name, KIT_FILE.read_bytes())])


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
