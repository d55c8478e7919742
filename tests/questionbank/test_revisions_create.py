"""revisions_create: the one way revisions are written, one at a time or a whole import at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questionbank.models import Question, QuestionRevision
from questionbank.rendering import render_markdown
from questionbank.services import (
    ContentRefused,
    PublishRefused,
    RevisionContent,
    question_retire,
    revision_create,
    revisions_create,
)
from tests.questionbank.factories import (
    QuestionFactory,
    bank_counts,
    content,
    draft_revision,
    published_question,
)

pytestmark = pytest.mark.django_db


def test_it_numbers_each_revision_after_the_newest_one_drafts_included():
    published = published_question()
    drafted = draft_revision().question
    new = QuestionFactory()
    revisions = revisions_create(
        items=[(published, content()), (drafted, content()), (new, content())]
    )
    assert [revision.number for revision in revisions] == [2, 2, 1]


def test_two_revisions_of_one_question_get_consecutive_numbers():
    question = QuestionFactory()
    revisions = revisions_create(items=[(question, content()), (question, content(title="Next"))])
    assert [revision.number for revision in revisions] == [1, 2]


def test_it_writes_the_revision_and_its_rubric_as_given():
    written = content(prompt="Explain **G**.\n", guidance="Ask about `P`.\n")
    [revision] = revisions_create(items=[(QuestionFactory(), written)])
    stored = QuestionRevision.objects.get(pk=revision.pk)
    assert RevisionContent.of(stored) == written
    assert stored.prompt_html == render_markdown(written.prompt)
    assert stored.guidance_html == render_markdown(written.guidance)
    assert stored.content_hash == written.content_hash()


def test_it_writes_the_crib_the_starter_code_its_language_and_the_learning_notes():
    written = content(
        crib="Hear: hand-off of the P.\nRed flag: one thread per goroutine.\n",
        starter_code="package main\n\nfunc main() {\n\tgo work()\n}\n",
        language="go",
        learning="- [Diagnostics](https://go.dev/doc/diagnostics)\n<script>alert(1)</script>\n",
    )
    [revision] = revisions_create(items=[(QuestionFactory(), written)], publish=True)
    stored = QuestionRevision.objects.get(pk=revision.pk)
    assert RevisionContent.of(stored) == written
    assert stored.content_hash == written.content_hash()
    assert '<a href="https://go.dev/doc/diagnostics"' in stored.learning_html
    assert "<script>" not in stored.learning_html


CRIB_REFUSALS = [
    (
        "Hear: one.\nHear: two.\nHear: three.\nProbe: four.\nRed flag: five.\nSix.\n",
        "the crib has 6 lines; the limit is 5",
    ),
    ("Hear: " + "x" * 115 + "\n", "line 1 of the crib is 121 characters long; the limit is 120"),
]


@pytest.mark.parametrize("publish", [False, True], ids=["draft", "published"])
@pytest.mark.parametrize(("crib", "message"), CRIB_REFUSALS, ids=["six lines", "a long line"])
def test_it_refuses_a_crib_longer_than_five_lines_of_120_characters_and_writes_nothing(
    crib, message, publish
):
    fine, long = QuestionFactory(slug="fine"), QuestionFactory(slug="long-crib")
    before = bank_counts()
    with pytest.raises(ContentRefused) as refusal:
        revisions_create(items=[(fine, content()), (long, content(crib=crib))], publish=publish)
    assert refusal.value.messages[0].startswith(f"long-crib: {message}")
    assert bank_counts() == before


def test_five_lines_of_120_characters_is_a_crib():
    crib = ("Hear: " + "x" * 114 + "\n") * 5
    [revision] = revisions_create(items=[(QuestionFactory(), content(crib=crib))])
    assert QuestionRevision.objects.get(pk=revision.pk).crib == crib


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"starter_code": "package main\n"},
            "starter code needs its language: one of go, python, javascript, sql, text",
        ),
        ({"language": "go"}, "a language is only for starter code, and there is none"),
        (
            {"starter_code": "fn main() {}\n", "language": "rust"},
            "'rust' is not one of go, python, javascript, sql, text",
        ),
    ],
    ids=["code without language", "language without code", "unknown language"],
)
def test_starter_code_and_its_language_come_together(change, message):
    question = QuestionFactory(slug="exercise")
    before = bank_counts()
    with pytest.raises(ContentRefused) as refusal:
        revision_create(question=question, content=content(**change))
    assert refusal.value.messages == [f"exercise: {message}"]
    assert bank_counts() == before


def test_a_revision_is_a_draft_unless_published():
    question = QuestionFactory()
    [revision] = revisions_create(items=[(question, content())])
    question.refresh_from_db()
    assert not QuestionRevision.objects.get(pk=revision.pk).is_published
    assert (question.status, question.current_revision) == (Question.Status.DRAFT, None)


def test_published_each_revision_becomes_its_question_s_current_one():
    first, second = QuestionFactory(), published_question()
    revisions = revisions_create(items=[(first, content()), (second, content())], publish=True)
    for question, revision in zip((first, second), revisions, strict=True):
        stored = Question.objects.get(pk=question.pk)
        assert stored.current_revision == revision
        assert stored.status == Question.Status.PUBLISHED
        assert revision.published_at is not None
        assert question.current_revision == revision  # the caller's object is told too


def test_publishing_two_revisions_of_one_question_makes_the_newer_current():
    question = QuestionFactory()
    revisions_create(items=[(question, content()), (question, content(title="Next"))], publish=True)
    assert Question.objects.get(pk=question.pk).current_revision.number == 2


def test_it_keeps_a_retired_question_retired_when_it_publishes():
    question = question_retire(question=published_question())
    revisions_create(items=[(question, content(title="Sharper"))], publish=True)
    stored = Question.objects.get(pk=question.pk)
    assert (stored.status, stored.current_revision.number) == (Question.Status.RETIRED, 2)
    assert question.status == Question.Status.RETIRED


def test_it_refuses_to_publish_any_when_one_rubric_is_incomplete_and_writes_nothing():
    complete, incomplete = QuestionFactory(slug="complete"), QuestionFactory(slug="incomplete")
    before = bank_counts()
    with pytest.raises(PublishRefused) as refusal:
        revisions_create(
            items=[(complete, content()), (incomplete, content(signals=[]))], publish=True
        )
    assert refusal.value.messages == [
        "incomplete r1 cannot be published: a rubric needs at least one signal"
    ]
    assert bank_counts() == before


def test_an_incomplete_draft_is_written_all_the_same():
    [revision] = revisions_create(items=[(QuestionFactory(), content(anchors={}, signals=[]))])
    assert QuestionRevision.objects.filter(pk=revision.pk).exists()


def test_nothing_to_write_writes_nothing():
    with CaptureQueriesContext(connection) as queries:
        assert revisions_create(items=[], publish=True) == []
    assert len(queries) == 0


def test_it_costs_the_same_queries_for_one_question_or_many():
    def cost(questions: int) -> int:
        items = [(QuestionFactory(), content()) for _ in range(questions)]
        with CaptureQueriesContext(connection) as queries:
            revisions_create(items=items, publish=True)
        return len(queries)

    assert cost(1) == cost(25)


def test_revision_create_is_the_same_service_for_one_question():
    question = QuestionFactory()
    revision = revision_create(question=question, content=content(), publish=True)
    assert Question.objects.get(pk=question.pk).current_revision == revision
    with pytest.raises(PublishRefused):
        revision_create(question=question, content=content(prompt=" "), publish=True)
    assert question.revisions.count() == 1


def test_a_question_that_is_not_in_the_bank_is_said_so():
    gone = QuestionFactory()
    Question.objects.filter(pk=gone.pk).delete()
    with pytest.raises(Question.DoesNotExist, match=f"No question with id {gone.pk}"):
        revisions_create(items=[(gone, content())])
