"""question_create: a new question is saved together with its first draft, or not at all."""

import pytest

from questionbank import services
from questionbank.models import Question
from questionbank.services import question_create
from tests.questionbank.factories import QuestionFactory, TopicFactory, content

pytestmark = pytest.mark.django_db


def test_creating_a_question_saves_it_with_a_first_draft():
    question = QuestionFactory.build(topic=TopicFactory())
    question_create(question=question, first_draft=content(title="First", prompt="Why?"))
    draft = Question.objects.get(pk=question.pk).revisions.get()
    assert (draft.number, draft.title, draft.prompt, draft.is_published) == (
        1,
        "First",
        "Why?",
        False,
    )
    assert question.status == Question.Status.DRAFT


def test_a_question_whose_first_draft_fails_is_not_saved(monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("no draft")

    monkeypatch.setattr(services, "revision_create", fail)
    with pytest.raises(RuntimeError):
        question_create(question=QuestionFactory.build(topic=TopicFactory()), first_draft=content())
    assert not Question.objects.exists()
