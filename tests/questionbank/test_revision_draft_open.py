"""revision_draft_open: "edit as new revision" reopens the pending draft or starts one."""

import threading

import pytest
from django.db import connection

from questionbank.models import Question
from questionbank.services import (
    RevisionContent,
    revision_create,
    revision_draft_open,
)
from tests.questionbank.factories import (
    QuestionFactory,
    content,
    draft_revision,
    published_question,
)

pytestmark = pytest.mark.django_db


def test_it_starts_a_draft_that_copies_the_current_revision():
    question = published_question()
    draft, created = revision_draft_open(question=question)
    assert created
    assert (draft.number, draft.is_published) == (2, False)
    assert RevisionContent.of(draft) == RevisionContent.of(question.current_revision)
    question.refresh_from_db()
    assert question.current_revision.number == 1


def test_it_reopens_a_pending_draft_instead_of_stacking_a_second():
    question = published_question()
    pending = revision_create(question=question, content=content(title="Pending"))
    draft, created = revision_draft_open(question=question)
    assert (draft, created) == (pending, False)
    assert question.revisions.count() == 2


def test_it_reopens_a_never_published_question_s_draft():
    pending = draft_revision()
    assert revision_draft_open(question=pending.question) == (pending, False)


def test_a_question_without_revisions_gets_a_blank_draft_titled_after_its_slug():
    question = QuestionFactory(slug="blocking-syscalls")
    draft, created = revision_draft_open(question=question)
    assert created
    assert (draft.number, draft.title, draft.prompt) == (1, "Blocking syscalls", "")
    assert RevisionContent.of(draft).anchors == {}


@pytest.mark.django_db(transaction=True)
def test_curators_clicking_at_once_open_one_draft_between_them():
    question_id = published_question().pk
    barrier = threading.Barrier(6)
    opened: list[tuple[int, bool]] = []

    def click() -> None:
        try:
            question = Question.objects.select_related("current_revision").get(pk=question_id)
            barrier.wait()
            draft, created = revision_draft_open(question=question)
            opened.append((draft.pk, created))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(opened) == 6
    assert len({draft for draft, _ in opened}) == 1
    assert [created for _, created in opened].count(True) == 1
    assert Question.objects.get(pk=question_id).revisions.count() == 2
