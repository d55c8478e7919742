"""revision_publish: the rules for publishing a revision, whoever calls it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from questionbank.models import Question, QuestionRevision
from questionbank.services import (
    PublishRefused,
    RevisionContent,
    question_retire,
    revision_create,
    revision_publish,
)
from tests.questionbank.factories import (
    bank_fingerprint,
    content,
    draft_revision,
    published_question,
)

pytestmark = pytest.mark.django_db


def test_publishing_freezes_the_revision_and_makes_it_current():
    revision = draft_revision()
    revision_publish(revision=revision)
    question = Question.objects.get(pk=revision.question_id)
    assert question.status == Question.Status.PUBLISHED
    assert question.current_revision == revision
    assert revision.published_at is not None
    assert revision.content_hash == RevisionContent.of(revision).content_hash()


def test_publishing_needs_four_anchors():
    revision = draft_revision(anchors={1: "None", 2: "Mid", 3: "Senior"})
    with pytest.raises(ValidationError, match="exactly four anchors"):
        revision_publish(revision=revision)
    revision.refresh_from_db()
    assert not revision.is_published


def test_publishing_needs_a_signal_and_a_prompt():
    revision = draft_revision(signals=[], prompt="  ")
    with pytest.raises(ValidationError) as refusal:
        revision_publish(revision=revision)
    assert "at least one signal" in str(refusal.value)
    assert "the prompt is empty" in str(refusal.value)


def test_it_refuses_to_publish_a_revision_without_four_anchors():
    revision = draft_revision(anchors={1: "None", 2: "Mid", 3: "Senior"})
    with pytest.raises(PublishRefused) as refusal:
        revision_publish(revision=revision)
    assert refusal.value.messages == [
        f"{revision} cannot be published: a rubric needs exactly four anchors, levels 1 to 4"
    ]


def test_it_refuses_an_anchor_without_text():
    revision = draft_revision(anchors={1: "None", 2: "Mid", 3: " ", 4: "Exceptional"})
    with pytest.raises(PublishRefused, match="every anchor needs a written description"):
        revision_publish(revision=revision)


def test_it_refuses_to_publish_a_draft_older_than_the_current_revision():
    question = published_question()
    old_draft = revision_create(question=question, content=content(title="Old draft"))  # r2
    revision_create(question=question, content=content(title="Newer"), publish=True)  # r3
    with pytest.raises(PublishRefused) as refusal:
        revision_publish(revision=old_draft)
    assert refusal.value.messages == [
        f"{old_draft} is older than the current revision 3; "
        "edit the question as a new revision instead."
    ]
    question.refresh_from_db()
    assert question.current_revision.number == 3
    assert not QuestionRevision.objects.get(pk=old_draft.pk).is_published


def test_an_old_draft_is_refused_for_its_age_before_its_rubric():
    question = published_question()
    old_draft = revision_create(question=question, content=content(signals=[]))
    revision_create(question=question, content=content(title="Newer"), publish=True)
    with pytest.raises(PublishRefused) as refusal:
        revision_publish(revision=old_draft)
    assert [("older than" in message) for message in refusal.value.messages] == [True]


def test_it_publishes_an_older_draft_while_no_newer_revision_is_published():
    first = draft_revision()
    second = revision_create(question=first.question, content=content(title="Second"))
    revision_publish(revision=first)
    question = Question.objects.get(pk=first.question_id)
    assert question.current_revision == first
    revision_publish(revision=second)
    question.refresh_from_db()
    assert question.current_revision == second


def test_publishing_a_published_revision_changes_nothing():
    revision = published_question().current_revision
    before = bank_fingerprint()
    assert revision_publish(revision=revision) == revision
    assert bank_fingerprint() == before


def test_a_refusal_changes_nothing():
    revision = draft_revision(signals=[])
    before = bank_fingerprint()
    with pytest.raises(PublishRefused):
        revision_publish(revision=revision)
    assert bank_fingerprint() == before


def test_it_keeps_a_retired_question_retired():
    question = question_retire(question=published_question())
    draft = revision_create(question=question, content=content(title="Sharper"))
    revision_publish(revision=draft)
    question.refresh_from_db()
    assert (question.status, question.current_revision) == (Question.Status.RETIRED, draft)


# --- The admin shows the service's refusal, word for word --------------------------------------


def admin_refusal(client, revision) -> list[str]:
    url = reverse("admin:questionbank_questionrevision_publish", args=[revision.pk])
    response = client.post(url, follow=True)
    return [str(message) for message in response.context["messages"]]


def service_refusal(revision) -> list[str]:
    with pytest.raises(PublishRefused) as refusal:
        revision_publish(revision=revision)
    return refusal.value.messages


def test_a_caller_outside_the_admin_gets_the_refusal_the_admin_shows(client, cast):
    client.force_login(cast.curator)
    incomplete = draft_revision(signals=[], anchors={1: "None"})
    question = published_question()
    old_draft = revision_create(question=question, content=content())
    revision_create(question=question, content=content(title="Newer"), publish=True)
    for revision in (incomplete, old_draft):
        shown = admin_refusal(client, revision)
        assert shown == ["; ".join(service_refusal(revision))]
        assert not QuestionRevision.objects.get(pk=revision.pk).is_published


def test_it_refuses_to_publish_a_draft_whose_crib_is_over_its_bounds():
    """However the draft came to hold it (here, a raw UPDATE), publishing checks the crib."""
    revision = draft_revision()
    QuestionRevision.objects.filter(pk=revision.pk).update(crib="x" * 121)
    revision.refresh_from_db()
    with pytest.raises(PublishRefused) as refusal:
        revision_publish(revision=revision)
    assert refusal.value.messages == [
        f"{revision} cannot be published: line 1 of the crib is 121 characters long; "
        "the limit is 120"
    ]
    assert not QuestionRevision.objects.get(pk=revision.pk).is_published
