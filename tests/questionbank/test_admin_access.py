"""Who reaches the curation admin: curators the question bank only; nobody else."""

import pytest
from django.urls import reverse

from tests.questionbank import admin_factories as make

pytestmark = pytest.mark.django_db

QUESTION_BANK_MODELS = {"Topics", "Questions", "Question revisions", "Kits"}


def test_it_shows_a_curator_only_the_question_bank_on_the_admin_index(client, cast):
    client.force_login(cast.curator)
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200
    apps = page.context["app_list"]
    assert [app["app_label"] for app in apps] == ["questionbank"]
    assert {model["name"] for model in apps[0]["models"]} == QUESTION_BANK_MODELS


@pytest.mark.parametrize(
    "url",
    [
        "/admin/auth/user/",
        "/admin/auth/group/",
        "/admin/auth/user/add/",
    ],
)
def test_it_forbids_a_curator_the_users_and_groups(client, cast, url):
    client.force_login(cast.curator)
    assert client.get(url).status_code == 403


def test_it_lets_a_curator_reach_every_question_bank_page(client, cast):
    question = make.question()
    kit = make.kit("senior-go", [question])
    client.force_login(cast.curator)
    for url in [
        reverse("admin:questionbank_topic_changelist"),
        reverse("admin:questionbank_question_changelist"),
        reverse("admin:questionbank_question_change", args=[question.pk]),
        reverse("admin:questionbank_questionrevision_changelist"),
        reverse("admin:questionbank_questionrevision_change", args=[question.current_revision_id]),
        reverse("admin:questionbank_kit_changelist"),
        reverse("admin:questionbank_kit_change", args=[kit.pk]),
        reverse("admin:questionbank_question_import"),
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["ada", "manager"])
def test_it_sends_interviewers_and_managers_to_the_admin_login(client, cast, who):
    question = make.question()
    client.force_login(getattr(cast, who))
    for url in [
        reverse("admin:index"),
        reverse("admin:questionbank_question_change", args=[question.pk]),
        reverse("admin:questionbank_questionrevision_change", args=[question.current_revision_id]),
        reverse("admin:questionbank_questionrevision_preview", args=[question.current_revision_id]),
        reverse("admin:questionbank_question_import"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("admin:login")), url


def test_it_refuses_an_interviewer_posting_an_admin_action(client, cast):
    question = make.question()
    client.force_login(cast.ada)
    response = client.post(
        reverse("admin:questionbank_question_changelist"),
        {"action": "retire_questions", "_selected_action": [question.pk]},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == "published"


def test_it_sends_an_anonymous_visitor_to_log_in(client):
    response = client.get(reverse("admin:questionbank_question_changelist"))
    assert response.status_code == 302
    assert "login" in response.url
