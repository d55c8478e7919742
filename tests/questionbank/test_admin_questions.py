"""The question admin: the list a curator scans, adding a question, and the bulk actions."""

import pytest
from django.urls import reverse

from questionbank.models import Question, QuestionRevision
from tests.questionbank import admin_factories as make

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:questionbank_question_changelist"


@pytest.fixture
def curator_client(client, cast):
    client.force_login(cast.curator)
    return client


def act(client, action: str, *questions: Question):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [question.pk for question in questions]},
        follow=True,
    )


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- The list ----------------------------------------------------------------------------------


def test_it_lists_the_current_revision_number_title_and_status(curator_client):
    question = make.question(title="Blocking syscalls")
    make.revise(question, title="Blocking syscalls, revised")
    make.revise(question, publish=False, title="Pending draft title")
    page = curator_client.get(reverse(CHANGELIST))
    text = page.content.decode()
    assert "Blocking syscalls, revised" in text
    assert "Pending draft title" not in text
    assert ">2<" in text  # current revision number
    assert "r3 draft" in text
    assert 'class="qb-badge qb-badge-published"' in text


def test_it_searches_slugs_titles_and_prompts(curator_client):
    make.question("syscall-handoff", title="Blocking syscalls")
    make.question("escape-basics", topic_slug="escape-analysis", prompt="When does x escape?")
    make.question("mutex-spin", topic_slug="sync", title="Mutex fairness")

    def found(term):
        page = curator_client.get(reverse(CHANGELIST), {"q": term})
        return {question.slug for question in page.context["cl"].result_list}

    assert found("handoff") == {"syscall-handoff"}
    assert found("fairness") == {"mutex-spin"}
    assert found("does x escape") == {"escape-basics"}


def test_it_searches_every_revision_without_listing_a_question_twice(curator_client):
    question = make.question(title="Old words")
    make.revise(question, title="Old words, new words")
    page = curator_client.get(reverse(CHANGELIST), {"q": "Old words"})
    assert [found.slug for found in page.context["cl"].result_list] == [question.slug]


def test_it_filters_by_topic_status_target_level_and_kit(curator_client):
    staff = make.question("staff-q", target_level="staff")
    senior = make.question("senior-q", topic_slug="memory")
    retired = make.question("retired-q")
    retired.status = "retired"
    retired.save()
    make.kit("senior-go", [senior])

    def found(**params):
        page = curator_client.get(reverse(CHANGELIST), params)
        assert page.status_code == 200
        return {question.slug for question in page.context["cl"].result_list}

    assert found(target_level="staff") == {staff.slug}
    assert found(topic__id__exact=senior.topic_id) == {senior.slug}
    assert found(status__exact="retired") == {retired.slug}
    assert found(kits__id__exact=senior.kits.get().pk) == {senior.slug}
    assert found(target_level="nonsense") == {staff.slug, senior.slug, retired.slug}


def test_the_list_costs_the_same_queries_for_many_questions(curator_client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make.question("one")
    with CaptureQueriesContext(connection) as few:
        curator_client.get(reverse(CHANGELIST))
    for index in range(6):
        make.question(f"more-{index}", topic_slug=f"topic-{index}")
    with CaptureQueriesContext(connection) as many:
        curator_client.get(reverse(CHANGELIST))
    assert len(many) == len(few)


# --- Adding a question -------------------------------------------------------------------------


def test_adding_a_question_opens_its_first_draft_revision(curator_client):
    topic = make.topic()
    response = curator_client.post(
        reverse("admin:questionbank_question_add"),
        {
            "slug": "new-question",
            "topic": topic.pk,
            "tags": "[]",
            "title": "A new question",
            "prompt": "Explain the scheduler.",
        },
    )
    question = Question.objects.get(slug="new-question")
    draft = question.revisions.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:questionbank_questionrevision_change", args=[draft.pk])
    assert (draft.number, draft.title, draft.is_published) == (1, "A new question", False)
    assert question.status == "draft"


def test_adding_a_question_without_a_prompt_is_refused_clearly(curator_client):
    topic = make.topic()
    response = curator_client.post(
        reverse("admin:questionbank_question_add"),
        {"slug": "no-prompt", "topic": topic.pk, "tags": "[]", "title": "T", "prompt": ""},
    )
    assert response.status_code == 200
    assert "prompt" in response.context["adminform"].form.errors
    assert not Question.objects.filter(slug="no-prompt").exists()


def test_a_curator_moves_a_question_to_another_topic_and_retags_it(curator_client):
    question = make.question()
    memory = make.topic("memory")
    response = curator_client.post(
        reverse("admin:questionbank_question_change", args=[question.pk]),
        {"topic": memory.pk, "tags": '["gc", "runtime"]', "slug": "renamed", "status": "draft"},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.topic, question.tags) == (memory, ["gc", "runtime"])
    assert (question.slug, question.status) == ("syscall-handoff", "published")  # read-only


def test_a_published_question_cannot_be_deleted(curator_client):
    question = make.question()
    response = curator_client.get(reverse("admin:questionbank_question_delete", args=[question.pk]))
    assert response.status_code == 403
    actions = curator_client.get(reverse(CHANGELIST)).context["action_form"].fields["action"]
    assert "delete_selected" not in dict(actions.choices)
    assert "publish_newest_drafts" in dict(actions.choices)


def test_a_never_published_question_can_be_deleted(curator_client):
    question = make.question(publish=False)
    response = curator_client.post(
        reverse("admin:questionbank_question_delete", args=[question.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Question.objects.filter(pk=question.pk).exists()


# --- Publish -----------------------------------------------------------------------------------


def test_publish_publishes_the_newest_draft(curator_client):
    question = make.question()
    draft = make.revise(question, publish=False, title="Second thoughts")
    response = act(curator_client, "publish_newest_drafts", question)
    question.refresh_from_db()
    assert question.current_revision_id == draft.pk
    assert question.status == "published"
    assert f"Published {question.slug} r2." in shown_messages(response)


def test_publish_makes_a_draft_question_published(curator_client):
    question = make.question(publish=False)
    act(curator_client, "publish_newest_drafts", question)
    question.refresh_from_db()
    assert question.status == "published"
    assert question.current_revision.number == 1


def test_publish_reports_an_incomplete_rubric_per_question_and_publishes_the_rest(curator_client):
    complete = make.question("complete", publish=False)
    incomplete = make.question("incomplete", publish=False, anchors={1: "a", 2: "b"}, signals=[])
    response = act(curator_client, "publish_newest_drafts", complete, incomplete)
    messages = shown_messages(response)
    problem = next(message for message in messages if message.startswith("incomplete:"))
    assert "exactly four anchors" in problem
    assert "at least one signal" in problem
    assert "Published complete r1." in messages
    complete.refresh_from_db()
    incomplete.refresh_from_db()
    assert complete.status == "published"
    assert incomplete.status == "draft"
    assert incomplete.current_revision is None


def test_publish_says_when_there_is_no_draft(curator_client):
    question = make.question()
    response = act(curator_client, "publish_newest_drafts", question)
    assert f"{question.slug}: no draft revision to publish." in shown_messages(response)


def test_publish_keeps_a_retired_question_retired(curator_client):
    question = make.question()
    question.status = "retired"
    question.save()
    draft = make.revise(question, publish=False)
    act(curator_client, "publish_newest_drafts", question)
    question.refresh_from_db()
    assert (question.status, question.current_revision_id) == ("retired", draft.pk)


# --- Retire, restore ---------------------------------------------------------------------------


def test_retire_retires_the_chosen_questions_only(curator_client):
    chosen = make.question("chosen")
    other = make.question("other")
    response = act(curator_client, "retire_questions", chosen)
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert (chosen.status, other.status) == ("retired", "published")
    assert "Retired chosen." in shown_messages(response)


def test_restore_brings_a_retired_question_back(curator_client):
    question = make.question()
    act(curator_client, "retire_questions", question)
    act(curator_client, "restore_questions", question)
    question.refresh_from_db()
    assert question.status == "published"


# --- Duplicate ---------------------------------------------------------------------------------


def test_duplicate_makes_a_draft_copy_with_a_copy_slug(curator_client):
    question = make.question("syscall-handoff", title="Blocking syscalls")
    act(curator_client, "duplicate", question)
    copy = Question.objects.get(slug="syscall-handoff-copy")
    revision = copy.revisions.get()
    assert copy.status == "draft"
    assert revision.title == "Blocking syscalls (copy)"
    assert revision.is_published is False
    assert revision.anchors.count() == 4


def test_duplicate_numbers_further_copies(curator_client):
    question = make.question("syscall-handoff")
    for _ in range(3):
        act(curator_client, "duplicate", question)
    slugs = set(Question.objects.values_list("slug", flat=True))
    assert {"syscall-handoff-copy", "syscall-handoff-copy-2", "syscall-handoff-copy-3"} <= slugs


def test_duplicate_keeps_a_long_slug_within_its_length(curator_client):
    question = make.question("q" * 120)
    act(curator_client, "duplicate", question)
    act(curator_client, "duplicate", question)
    copies = Question.objects.exclude(pk=question.pk).values_list("slug", flat=True)
    assert sorted(len(slug) for slug in copies) == [120, 120]
    assert sorted(slug[-7:] for slug in copies) == ["-copy-2", "qq-copy"]
    assert QuestionRevision.objects.count() == 3
