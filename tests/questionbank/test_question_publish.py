"""question_publish: publishing a question publishes its newest revision, if that is a draft."""

import pytest

from questionbank.models import Question
from questionbank.services import (
    NothingToPublish,
    PublishRefused,
    question_publish,
    revision_create,
)
from tests.questionbank.factories import (
    QuestionFactory,
    bank_fingerprint,
    content,
    draft_revision,
    published_question,
)

pytestmark = pytest.mark.django_db


def test_it_publishes_the_newest_draft_and_makes_it_current():
    question = published_question()
    draft = revision_create(question=question, content=content(title="Second thoughts"))
    assert question_publish(question=question) == draft
    question.refresh_from_db()
    assert (question.current_revision, question.status) == (draft, Question.Status.PUBLISHED)


def test_it_publishes_the_newest_of_two_drafts_and_leaves_the_older_one_a_draft():
    question = published_question()
    older = revision_create(question=question, content=content(title="Older draft"))
    newest = revision_create(question=question, content=content(title="Newest draft"))
    question_publish(question=question)
    question.refresh_from_db()
    assert question.current_revision == newest
    older.refresh_from_db()
    assert not older.is_published


def test_it_publishes_a_question_s_first_draft():
    draft = draft_revision()
    question_publish(question=draft.question)
    question = Question.objects.get(pk=draft.question_id)
    assert (question.current_revision, question.status) == (draft, Question.Status.PUBLISHED)


def test_it_refuses_a_question_whose_newest_revision_is_published():
    question = published_question()
    before = bank_fingerprint()
    with pytest.raises(NothingToPublish) as refusal:
        question_publish(question=question)
    assert refusal.value.messages == ["no draft revision to publish."]
    assert bank_fingerprint() == before


def test_it_refuses_a_question_without_revisions():
    with pytest.raises(NothingToPublish):
        question_publish(question=QuestionFactory())


def test_it_refuses_an_incomplete_draft_with_what_its_rubric_lacks():
    draft = draft_revision(signals=[])
    with pytest.raises(PublishRefused) as refusal:
        question_publish(question=draft.question)
    assert refusal.value.messages == [
        f"{draft} cannot be published: a rubric needs at least one signal"
    ]
    assert Question.objects.get(pk=draft.question_id).current_revision is None
