"""Revisions in the admin: published ones frozen, drafts edited and validated, then published."""

import pytest
from django.urls import reverse

from questionbank.models import Question, QuestionRevision
from questionbank.services import RevisionContent
from tests.questionbank import admin_factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator_client(client, cast):
    client.force_login(cast.curator)
    return client


def change_url(revision) -> str:
    return reverse("admin:questionbank_questionrevision_change", args=[revision.pk])


def new_revision(client, question, **kwargs):
    return client.post(
        reverse("admin:questionbank_question_new_revision", args=[question.pk]), **kwargs
    )


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Published revisions are frozen ------------------------------------------------------------


def test_a_published_revision_is_shown_read_only(curator_client):
    question = make.question()
    page = curator_client.get(change_url(question.current_revision))
    text = page.content.decode()
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert 'name="_save"' not in text
    assert 'name="prompt"' not in text
    assert 'name="anchors-0-text"' not in text
    assert "published and frozen" in text
    assert "Edit as new revision" in text


def test_a_published_revision_refuses_a_posted_change(curator_client):
    question = make.question(title="Frozen")
    revision = question.current_revision
    response = curator_client.post(change_url(revision), {"title": "Thawed", "prompt": "x"})
    assert response.status_code == 403
    revision.refresh_from_db()
    assert revision.title == "Frozen"


def test_a_published_revision_cannot_be_deleted_but_a_draft_can(curator_client):
    question = make.question()
    draft = make.revise(question, publish=False)
    published_delete = reverse(
        "admin:questionbank_questionrevision_delete", args=[question.current_revision_id]
    )
    assert curator_client.get(published_delete).status_code == 403
    draft_delete = reverse("admin:questionbank_questionrevision_delete", args=[draft.pk])
    assert curator_client.post(draft_delete, {"post": "yes"}).status_code == 302
    assert list(question.revisions.values_list("number", flat=True)) == [1]


def test_revisions_are_not_added_directly(curator_client):
    response = curator_client.get(reverse("admin:questionbank_questionrevision_add"))
    assert response.status_code == 403


# --- Edit as new revision ----------------------------------------------------------------------


def test_edit_as_new_revision_copies_the_current_content_into_a_draft(curator_client):
    question = make.question()
    response = new_revision(curator_client, question)
    draft = question.revisions.get(number=2)
    assert response.status_code == 302
    assert response.url == change_url(draft)
    assert draft.is_published is False
    assert RevisionContent.of(draft) == RevisionContent.of(question.current_revision)
    question.refresh_from_db()
    assert question.current_revision.number == 1  # unchanged until the draft is published


def test_edit_as_new_revision_reopens_a_pending_draft_instead_of_stacking_drafts(curator_client):
    question = make.question()
    new_revision(curator_client, question)
    response = new_revision(curator_client, question, follow=True)
    assert question.revisions.count() == 2
    assert "Revision 2 is already a draft: edit it, then publish it." in shown_messages(response)


def test_edit_as_new_revision_of_a_question_without_revisions_starts_a_blank_draft(
    curator_client,
):
    question = Question.objects.create(slug="empty-question", topic=make.topic())
    new_revision(curator_client, question)
    draft = question.revisions.get()
    assert (draft.number, draft.title, draft.prompt) == (1, "Empty question", "")


def test_edit_as_new_revision_only_answers_a_post(curator_client):
    question = make.question()
    response = curator_client.get(
        reverse("admin:questionbank_question_new_revision", args=[question.pk])
    )
    assert response.status_code == 405
    assert question.revisions.count() == 1


def test_edit_as_new_revision_of_an_unknown_question_is_a_404(curator_client):
    response = curator_client.post(reverse("admin:questionbank_question_new_revision", args=[999]))
    assert response.status_code == 404


# --- Editing a draft ---------------------------------------------------------------------------


def test_a_curator_edits_a_draft_and_its_rubric(curator_client):
    question = make.question()
    new_revision(curator_client, question)
    draft = question.revisions.get(number=2)
    data = make.change_form_data(curator_client.get(change_url(draft)))
    data["title"] = "Sharper title"
    data["prompt"] = "What does the runtime do with **the P**?"
    data["anchors-2-text"] = "A sharper senior anchor."
    response = curator_client.post(change_url(draft), data)
    assert response.status_code == 302, response.context["errors"]
    draft.refresh_from_db()
    assert draft.title == "Sharper title"
    assert "<strong>the P</strong>" in draft.prompt_html
    assert draft.anchors.get(level=3).text == "A sharper senior anchor."
    question.current_revision.refresh_from_db()
    assert question.current_revision.anchors.get(level=3).text == make.ANCHORS[3]


def test_a_draft_shows_a_form_for_each_missing_anchor_level(curator_client):
    question = make.question(publish=False, anchors={1: "none", 2: "mid"})
    page = curator_client.get(change_url(question.revisions.get()))
    formset = next(
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.prefix == "anchors"
    )
    assert [form["level"].value() for form in formset.forms] == [1, 2, 3, 4]


def test_a_draft_missing_anchor_levels_is_refused_with_a_clear_message(curator_client):
    question = make.question(publish=False, anchors={1: "none", 2: "mid"})
    draft = question.revisions.get()
    data = make.change_form_data(curator_client.get(change_url(draft)))
    data["title"] = "Changed"
    response = curator_client.post(change_url(draft), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "A rubric needs exactly four anchors" in text
    assert "no anchor for level 3 (Senior answer), 4 (Exceptional)" in text
    draft.refresh_from_db()
    assert draft.title != "Changed"


def test_filling_the_missing_anchors_saves_them(curator_client):
    question = make.question(publish=False, anchors={1: "none", 2: "mid"})
    draft = question.revisions.get()
    data = make.change_form_data(curator_client.get(change_url(draft)))
    data["anchors-2-text"] = "senior"
    data["anchors-3-text"] = "exceptional"
    response = curator_client.post(change_url(draft), data)
    assert response.status_code == 302
    assert dict(draft.anchors.values_list("level", "text")) == {
        1: "none",
        2: "mid",
        3: "senior",
        4: "exceptional",
    }


def test_two_anchors_for_one_level_are_refused_not_a_500(curator_client):
    question = make.question(publish=False, anchors={1: "none", 2: "mid", 3: "senior"})
    draft = question.revisions.get()
    data = make.change_form_data(curator_client.get(change_url(draft)))
    data["anchors-3-level"] = "2"
    data["anchors-3-text"] = "another mid"
    response = curator_client.post(change_url(draft), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "more than one anchor for level 2 (Mid-level answer)" in text
    assert "no anchor for level 4 (Exceptional)" in text
    assert draft.anchors.count() == 3


def test_an_existing_anchor_keeps_its_level(curator_client):
    question = make.question(publish=False)
    draft = question.revisions.get()
    data = make.change_form_data(curator_client.get(change_url(draft)))
    data["anchors-0-level"], data["anchors-1-level"] = "2", "1"
    assert curator_client.post(change_url(draft), data).status_code == 302
    assert dict(draft.anchors.values_list("level", "text")) == make.ANCHORS


def test_a_new_signal_goes_after_the_existing_ones(curator_client):
    question = make.question(publish=False)
    draft = question.revisions.get()
    data = make.change_form_data(curator_client.get(change_url(draft)))
    data["signals-2-level"] = "4"
    data["signals-2-text"] = "Mentions the container CPU limit"
    assert curator_client.post(change_url(draft), data).status_code == 302
    assert [text for _, text in RevisionContent.of(draft).signals][-1] == (
        "Mentions the container CPU limit"
    )


def test_a_draft_with_an_empty_prompt_is_refused(curator_client):
    question = make.question(publish=False)
    draft = question.revisions.get()
    data = make.change_form_data(curator_client.get(change_url(draft)))
    data["prompt"] = ""
    response = curator_client.post(change_url(draft), data)
    assert response.status_code == 200
    assert "prompt" in response.context["adminform"].form.errors


def test_a_draft_time_outside_1_to_60_minutes_is_a_field_error(curator_client):
    question = make.question(publish=False)
    draft = question.revisions.get()
    data = make.change_form_data(curator_client.get(change_url(draft)))
    data["expected_minutes"] = "90"
    response = curator_client.post(change_url(draft), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["expected_minutes"] == [
        "Ensure this value is less than or equal to 60."
    ]


# --- Publishing from the revision page ---------------------------------------------------------


def publish(client, revision, **kwargs):
    return client.post(
        reverse("admin:questionbank_questionrevision_publish", args=[revision.pk]), **kwargs
    )


def test_the_publish_button_publishes_a_complete_draft(curator_client):
    question = make.question()
    draft = make.revise(question, publish=False)
    response = publish(curator_client, draft, follow=True)
    question.refresh_from_db()
    assert question.current_revision_id == draft.pk
    assert any(message.startswith("Published") for message in shown_messages(response))


def test_the_publish_button_explains_an_incomplete_rubric(curator_client):
    question = make.question(publish=False, signals=[])
    draft = question.revisions.get()
    response = publish(curator_client, draft, follow=True)
    assert response.status_code == 200
    assert any("at least one signal" in message for message in shown_messages(response))
    draft.refresh_from_db()
    assert draft.is_published is False


def test_an_old_draft_cannot_replace_a_newer_current_revision(curator_client):
    question = make.question(publish=False)
    old_draft = question.revisions.get()
    make.revise(question)  # r2, published
    response = publish(curator_client, old_draft, follow=True)
    assert any("older than the current revision 2" in m for m in shown_messages(response))
    question.refresh_from_db()
    assert question.current_revision.number == 2
    assert QuestionRevision.objects.get(pk=old_draft.pk).is_published is False


# --- The crib, starter code and learning notes ----------------------------------------------

CRIB = "Hear: the P is handed off.\nProbe: and an idle P?\nRed flag: a thread per goroutine.\n"
GO = "package main\n\nfunc main() {\n\tgo work()\n}\n"


def draft_form(client, **overrides):
    question = make.question(publish=False, **overrides)
    draft = question.revisions.get()
    return draft, make.change_form_data(client.get(change_url(draft)))


def test_a_curator_writes_a_draft_s_crib_starter_code_and_learning_notes(curator_client):
    draft, data = draft_form(curator_client)
    data |= {
        "crib": CRIB.replace("\n", "\r\n"),  # as a browser sends a textarea
        "starter_code": GO.replace("\n", "\r\n"),
        "language": "go",
        "learning": "Read [Diagnostics](https://go.dev/doc/diagnostics).",
    }
    response = curator_client.post(change_url(draft), data)
    assert response.status_code == 302, response.context["errors"]
    draft.refresh_from_db()
    assert (draft.crib, draft.starter_code, draft.language) == (CRIB, GO, "go")
    assert 'href="https://go.dev/doc/diagnostics"' in draft.learning_html


def test_a_crib_over_five_lines_is_a_form_error_and_nothing_is_saved(curator_client):
    draft, data = draft_form(curator_client)
    data |= {"title": "Changed", "crib": "one\ntwo\nthree\nfour\nfive\nsix"}
    response = curator_client.post(change_url(draft), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["crib"] == [
        "The crib has 6 lines; the limit is 5 (it is read at a glance: the guidance holds the "
        "rest)."
    ]
    draft.refresh_from_db()
    assert (draft.title, draft.crib) == ("Blocking syscalls and the scheduler", "")


def test_a_crib_line_over_120_characters_is_a_form_error(curator_client):
    draft, data = draft_form(curator_client)
    data["crib"] = "Hear: fine.\n" + "x" * 121
    response = curator_client.post(change_url(draft), data)
    assert response.context["adminform"].form.errors["crib"] == [
        "Line 2 of the crib is 121 characters long; the limit is 120."
    ]
    draft.refresh_from_db()
    assert draft.crib == ""


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"starter_code": GO, "language": ""},
            "starter_code",
            "Starter code needs its language: one of go, python, javascript, sql, text.",
        ),
        (
            {"starter_code": "", "language": "go"},
            "language",
            "A language is only for starter code, and there is none.",
        ),
    ],
    ids=["code without its language", "a language without code"],
)
def test_starter_code_and_its_language_come_together_in_the_form(
    curator_client, change, field, message
):
    draft, data = draft_form(curator_client)
    response = curator_client.post(change_url(draft), data | change)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [message]
    draft.refresh_from_db()
    assert (draft.starter_code, draft.language) == ("", "")


def test_a_published_revision_shows_its_crib_and_code_read_only(curator_client):
    question = make.question(crib=CRIB, starter_code=GO, language="go")
    page = curator_client.get(change_url(question.current_revision))
    text = page.content.decode()
    assert 'name="crib"' not in text and 'name="starter_code"' not in text
    assert "Hear: the P is handed off." in text
    assert "func main()" in text


def test_edit_as_new_revision_carries_the_crib_and_code_into_the_draft(curator_client):
    question = make.question(crib=CRIB, starter_code=GO, language="go", learning="Read this.")
    new_revision(curator_client, question)
    draft = question.revisions.get(number=2)
    assert (draft.crib, draft.starter_code, draft.language, draft.learning) == (
        CRIB,
        GO,
        "go",
        "Read this.",
    )
