"""The bank's invariants hold in the database itself, not only in the services."""

import pytest
from django.db import IntegrityError, transaction

from questionbank.models import (
    Anchor,
    KitQuestion,
    PublishedRevisionIsImmutable,
    Question,
    QuestionRevision,
    RedFlag,
    Signal,
    Topic,
)
from tests.questionbank.factories import (
    KitFactory,
    QuestionFactory,
    TopicFactory,
    draft_revision,
    published_question,
)

pytestmark = pytest.mark.django_db


def refused(**match):
    """Expect the database to refuse the write; the test's transaction stays usable."""
    return pytest.raises(IntegrityError, **match)


def test_topic_slugs_are_unique():
    TopicFactory(slug="scheduler")
    with refused(), transaction.atomic():
        Topic.objects.create(slug="scheduler", name="Another")


def test_question_slugs_are_unique():
    question = QuestionFactory(slug="gmp")
    with refused(), transaction.atomic():
        Question.objects.create(slug="gmp", topic=question.topic)


def test_kit_slugs_are_unique():
    KitFactory(slug="senior-go")
    with refused(), transaction.atomic():
        KitFactory(slug="senior-go")


def test_a_question_has_one_revision_per_number():
    revision = draft_revision()
    with refused(), transaction.atomic():
        QuestionRevision.objects.create(
            question=revision.question, number=revision.number, title="Again", prompt="Again"
        )


def test_revision_numbers_start_at_one():
    question = QuestionFactory()
    with refused(), transaction.atomic():
        QuestionRevision.objects.create(question=question, number=0, title="T", prompt="P")


def test_an_anchor_level_outside_1_to_4_is_refused():
    revision = draft_revision()
    with refused(), transaction.atomic():
        Anchor.objects.filter(revision=revision, level=4).delete()
        Anchor(revision=revision, level=5, text="Beyond exceptional").save()


def test_a_revision_has_one_anchor_per_level():
    revision = draft_revision()
    with refused(), transaction.atomic():
        Anchor(revision=revision, level=2, text="Second level-2 anchor").save()


def test_a_signal_level_outside_1_to_4_is_refused():
    revision = draft_revision()
    with refused(), transaction.atomic():
        Signal(revision=revision, level=0, text="Too low").save()


def test_a_published_question_must_have_a_current_revision():
    question = QuestionFactory()
    with refused(), transaction.atomic():
        Question.objects.filter(pk=question.pk).update(status=Question.Status.PUBLISHED)


def test_kit_order_is_unique():
    kit = KitFactory()
    first, second = published_question(), published_question()
    KitQuestion.objects.create(kit=kit, question=first, position=1, minutes=5)
    with refused(), transaction.atomic():
        KitQuestion.objects.create(kit=kit, question=second, position=1, minutes=5)


def test_a_question_appears_in_a_kit_once():
    kit = KitFactory()
    question = published_question()
    KitQuestion.objects.create(kit=kit, question=question, position=1, minutes=5)
    with refused(), transaction.atomic():
        KitQuestion.objects.create(kit=kit, question=question, position=2, minutes=5)


def test_kit_minutes_are_1_to_60():
    kit = KitFactory()
    with refused(), transaction.atomic():
        KitQuestion.objects.create(kit=kit, question=published_question(), position=1, minutes=61)


def test_a_published_revision_cannot_be_saved():
    revision = published_question().current_revision
    revision.prompt = "Rewritten after the fact"
    with pytest.raises(PublishedRevisionIsImmutable):
        revision.save()
    revision.refresh_from_db()
    assert revision.prompt != "Rewritten after the fact"


def test_a_published_revision_cannot_be_deleted():
    revision = published_question().current_revision
    with pytest.raises(PublishedRevisionIsImmutable):
        revision.delete()
    assert QuestionRevision.objects.filter(pk=revision.pk).exists()


@pytest.mark.parametrize("part", ["anchors", "signals", "red_flags", "follow_ups"])
def test_the_rubric_of_a_published_revision_cannot_change(part):
    revision = published_question().current_revision
    item = getattr(revision, part).first()
    item.text = "Changed"
    with pytest.raises(PublishedRevisionIsImmutable):
        item.save()
    with pytest.raises(PublishedRevisionIsImmutable):
        item.delete()


def test_a_published_revision_cannot_gain_an_anchor_or_red_flag():
    revision = published_question().current_revision
    with pytest.raises(PublishedRevisionIsImmutable):
        RedFlag(revision=revision, text="Late addition").save()


def test_a_draft_revision_can_still_change():
    revision = draft_revision()
    revision.prompt = "Better *wording*"
    revision.save()
    revision.refresh_from_db()
    assert revision.prompt_html == "<p>Better <em>wording</em></p>"
