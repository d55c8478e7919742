"""The bank's invariants hold in the database itself, not only in the services."""

import pytest
from django.db import IntegrityError, transaction

from questionbank.models import (
    Anchor,
    Kit,
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


@pytest.mark.parametrize(
    ("starter_code", "language"),
    [("package main\n", ""), ("", "go"), ("package main\n", "rust")],
    ids=["code without language", "language without code", "unknown language"],
)
def test_starter_code_and_a_known_language_come_together(starter_code, language):
    revision = draft_revision()
    with refused(match="revision_language_exactly_with_starter_code"), transaction.atomic():
        QuestionRevision.objects.filter(pk=revision.pk).update(
            starter_code=starter_code, language=language
        )


@pytest.mark.parametrize(
    ("slot", "intro", "closing", "constraint"),
    [
        (None, 5, 0, "kit_frame_only_with_a_slot"),
        (None, 0, 5, "kit_frame_only_with_a_slot"),
        (10, 5, 5, "kit_slot_leaves_time_for_questions"),
        (481, 0, 0, "kit_slot_leaves_time_for_questions"),
    ],
    ids=["intro without slot", "closing without slot", "no time left", "slot too long"],
)
def test_a_kit_s_slot_holds_its_introduction_and_closing_and_time_for_questions(
    slot, intro, closing, constraint
):
    kit = KitFactory()
    with refused(match=constraint), transaction.atomic():
        Kit.objects.filter(pk=kit.pk).update(
            slot_minutes=slot, intro_minutes=intro, closing_minutes=closing
        )


def test_a_kit_with_a_slot_or_without_one_is_stored():
    interview = KitFactory(slot_minutes=60, intro_minutes=5, closing_minutes=5)
    collection = KitFactory()
    assert (interview.is_interview, collection.is_interview) == (True, False)
    assert (collection.intro_minutes, collection.closing_minutes) == (0, 0)


def test_a_topic_renders_its_learning_notes_on_save():
    topic = TopicFactory(learning="Read [the guide](https://go.dev/doc/gc-guide).")
    assert topic.learning_html == (
        '<p>Read <a href="https://go.dev/doc/gc-guide" rel="noopener noreferrer nofollow">'
        "the guide</a>.</p>"
    )


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
