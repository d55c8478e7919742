"""Services: revisions are numbered; retire, restore and duplicate; the content hash."""

import pytest

from questionbank.models import Question
from questionbank.services import (
    RevisionContent,
    question_duplicate,
    question_restore,
    question_retire,
    revision_create,
    rubric_problems,
)
from tests.questionbank.factories import (
    QuestionFactory,
    content,
    draft_revision,
    published_question,
)

pytestmark = pytest.mark.django_db


def test_it_numbers_revisions_from_one():
    question = QuestionFactory()
    first = revision_create(question=question, content=content())
    second = revision_create(question=question, content=content(title="Sharper"))
    assert (first.number, second.number) == (1, 2)


def test_a_new_revision_is_a_draft_until_published():
    revision = draft_revision()
    assert not revision.is_published
    assert revision.question.status == Question.Status.DRAFT
    assert revision.question.current_revision is None


def test_rubric_problems_is_empty_for_a_complete_revision():
    assert rubric_problems(content()) == []


def test_a_new_published_revision_keeps_the_old_one():
    question = published_question()
    first = question.current_revision
    second = revision_create(question=question, content=content(title="Sharper"), publish=True)
    question.refresh_from_db()
    assert question.current_revision == second
    assert second.number == 2
    first.refresh_from_db()
    assert first.is_published and first.title == content().title


def test_retiring_keeps_the_current_revision():
    question = published_question()
    question_retire(question=question)
    question.refresh_from_db()
    assert question.status == Question.Status.RETIRED
    assert question.current_revision is not None


def test_a_retired_question_stays_retired_when_a_revision_is_published():
    question = question_retire(question=published_question())
    revision_create(question=question, content=content(title="Sharper"), publish=True)
    question.refresh_from_db()
    assert question.status == Question.Status.RETIRED
    assert question.current_revision.number == 2


def test_restoring_brings_back_published_or_draft():
    published = question_retire(question=published_question())
    never_published = question_retire(question=QuestionFactory())
    assert question_restore(question=published).status == Question.Status.PUBLISHED
    assert question_restore(question=never_published).status == Question.Status.DRAFT


def test_duplicating_makes_a_draft_copy_of_the_newest_revision():
    source = published_question(slug="gmp")
    copy = question_duplicate(question=source, slug="gmp-copy")
    assert copy.status == Question.Status.DRAFT
    assert copy.topic == source.topic
    revision = copy.revisions.get()
    assert not revision.is_published
    assert revision.title == f"{content().title} (copy)"
    copied = RevisionContent.of(revision)
    original = RevisionContent.of(source.current_revision)
    assert (copied.anchors, copied.signals) == (original.anchors, original.signals)


def test_duplicating_a_question_without_revisions_copies_only_the_question():
    copy = question_duplicate(question=QuestionFactory(tags=["go"]), slug="bare-copy")
    assert copy.tags == ["go"]
    assert not copy.revisions.exists()


def test_the_content_hash_ignores_anchor_order_but_not_signal_order():
    forward = content(anchors={1: "a", 2: "b", 3: "c", 4: "d"})
    backward = content(anchors={4: "d", 3: "c", 2: "b", 1: "a"})
    assert forward.content_hash() == backward.content_hash()
    swapped = content(signals=list(reversed(content().signals)))
    assert swapped.content_hash() != content().content_hash()


# The hash main's code (before crib, starter_code, language and learning) gave content():
# revisions already in a bank carry it, and an import compares against it.
HASH_BEFORE_THE_NEW_FIELDS = "161a02d34cc9c800f4bbc521f4ae90f7c5e535959f44646004cff12c9830a933"


def test_a_revision_that_leaves_the_new_fields_empty_keeps_the_hash_it_had_before_them():
    assert content().content_hash() == HASH_BEFORE_THE_NEW_FIELDS
    empty = content(crib="", starter_code="", language="", learning="")
    assert empty.content_hash() == HASH_BEFORE_THE_NEW_FIELDS


@pytest.mark.parametrize(
    "change",
    [
        {"crib": "Hear: hand-off of the P.\n"},
        {"starter_code": "package main\n", "language": "go"},
        {"learning": "- [Diagnostics](https://go.dev/doc/diagnostics)\n"},
    ],
    ids=["crib", "starter code", "learning"],
)
def test_a_new_field_that_says_something_changes_the_hash(change):
    assert content(**change).content_hash() != HASH_BEFORE_THE_NEW_FIELDS


def test_the_same_code_in_another_language_is_other_content():
    go = content(starter_code="x = 1\n", language="go")
    python = content(starter_code="x = 1\n", language="python")
    assert go.content_hash() != python.content_hash()
