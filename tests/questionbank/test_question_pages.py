"""The read-only question bank: /questions/ and /questions/<slug>/ for interviewers."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.questionbank import admin_factories as make

pytestmark = pytest.mark.django_db

LIST = reverse("questionbank:question_list")


def detail(slug: str, revision=None) -> str:
    url = reverse("questionbank:question_detail", args=[slug])
    return url if revision is None else f"{url}?revision={revision}"


@pytest.fixture
def ada(client, cast):
    client.force_login(cast.ada)
    return client


def listed(page) -> list[str]:
    return [question.slug for question in page.context["questions"]]


# --- The list ----------------------------------------------------------------------------------


def test_it_lists_published_questions_grouped_by_topic(ada):
    make.question("gc-pacer", topic_slug="memory", title="The GC pacer")
    make.question("handoff", topic_slug="scheduler", title="Syscall handoff")
    make.question("escape", topic_slug="memory", title="Escape analysis")
    page = ada.get(LIST)
    text = page.content.decode()
    assert page.status_code == 200
    assert listed(page) == ["escape", "gc-pacer", "handoff"]
    assert text.index(">Memory ") < text.index("The GC pacer") < text.index(">Scheduler ")
    assert detail("handoff") in text


def test_it_hides_retired_and_draft_questions_from_interviewers(ada):
    make.question("live")
    retired = make.question("retired")
    retired.status = "retired"
    retired.save()
    make.question("draft", publish=False)
    page = ada.get(LIST)
    assert listed(page) == ["live"]
    assert ada.get(detail("retired")).status_code == 404
    assert ada.get(detail("draft")).status_code == 404


def test_it_shows_the_current_title_not_a_newer_draft(ada):
    question = make.question("handoff", title="Published title")
    make.revise(question, publish=False, title="Unpublished draft title")
    text = ada.get(LIST).content.decode()
    assert "Published title" in text
    assert "Unpublished draft title" not in text


def test_it_searches_with_a_real_get_form(ada):
    make.question("gc-pacer", topic_slug="memory", title="The GC pacer")
    make.question("handoff", title="Syscall handoff", prompt="Who gets the **P**?")
    page = ada.get(LIST)
    text = page.content.decode()
    assert f'<form method="get" action="{LIST}"' in text
    assert 'name="q"' in text
    assert listed(ada.get(LIST, {"q": "pacer"})) == ["gc-pacer"]
    assert listed(ada.get(LIST, {"q": "who gets"})) == ["handoff"]
    assert listed(ada.get(LIST, {"q": "HANDOFF"})) == ["handoff"]
    assert listed(ada.get(LIST, {"q": "nothing like this"})) == []
    assert "No published question matches" in ada.get(LIST, {"q": "zzz"}).content.decode()


def test_it_searches_the_current_revision_only(ada):
    question = make.question("handoff", prompt="Old wording about stealing")
    make.revise(question, prompt="New wording about the P")
    assert listed(ada.get(LIST, {"q": "stealing"})) == []
    assert listed(ada.get(LIST, {"q": "wording"})) == ["handoff"]


def test_it_filters_by_topic(ada):
    make.question("gc-pacer", topic_slug="memory")
    make.question("handoff", topic_slug="scheduler")
    assert listed(ada.get(LIST, {"topic": "memory"})) == ["gc-pacer"]
    assert listed(ada.get(LIST, {"topic": "memory", "q": "handoff"})) == []


def test_an_unknown_topic_is_reported_and_ignored(ada):
    make.question("handoff")
    page = ada.get(LIST, {"topic": "no-such-topic"})
    assert page.status_code == 200
    assert "There is no such topic." in page.content.decode()
    assert listed(page) == ["handoff"]


def test_the_topic_filter_offers_only_topics_with_published_questions(ada):
    make.question("handoff", topic_slug="scheduler")
    make.question("draft", topic_slug="cgo", publish=False)
    page = ada.get(LIST)
    offered = [topic.slug for topic in page.context["form"].fields["topic"].queryset]
    assert offered == ["scheduler"]


def test_the_list_costs_a_constant_number_of_queries(ada, django_assert_num_queries):
    make.question("first")
    # The session comes from Redis (config/sessions.py), so none of these counts include it.
    with django_assert_num_queries(5):
        ada.get(LIST)
    for index in range(8):
        make.question(f"more-{index}", topic_slug=f"topic-{index}")
    with django_assert_num_queries(5):
        page = ada.get(LIST)
    assert len(listed(page)) == 9
    with django_assert_num_queries(6):  # + the chosen topic
        ada.get(LIST, {"q": "more", "topic": "topic-3"})


# --- One question ------------------------------------------------------------------------------


def test_it_shows_the_question_card_of_the_current_revision(ada):
    question = make.question("handoff", title="First")
    make.revise(question, title="Second")
    page = ada.get(detail("handoff"))
    text = page.content.decode()
    assert page.status_code == 200
    assert page.context["revision"].number == 2
    assert "Second" in text
    assert '<article class="qc"' in text
    assert "Senior answer" in text
    assert '<span class="kd">func</span>' in text
    assert "css/highlight.css" in text


def test_it_shows_an_older_published_revision_on_request(ada):
    question = make.question("handoff", title="First")
    make.revise(question, title="Second")
    page = ada.get(detail("handoff", revision=1))
    text = page.content.decode()
    assert page.status_code == 200
    assert page.context["revision"].number == 1
    assert "First" in text
    assert "an older version" in text
    assert page.context["revision_numbers"] == [1, 2]


def test_it_never_shows_a_draft_revision(ada):
    question = make.question("handoff")
    make.revise(question, publish=False, title="Secret draft")
    assert ada.get(detail("handoff", revision=2)).status_code == 404
    assert "Secret draft" not in ada.get(detail("handoff")).content.decode()


@pytest.mark.parametrize("revision", ["99", "abc", "-1", "1.0", "0", "9" * 40, "\u0661"])
def test_a_bad_revision_number_is_a_404(ada, revision):
    make.question("handoff")
    assert ada.get(detail("handoff", revision=revision)).status_code == 404


def test_an_unknown_question_is_a_404(ada):
    assert ada.get(detail("no-such-question")).status_code == 404


def test_the_detail_page_costs_a_constant_number_of_queries(ada, django_assert_num_queries):
    question = make.question(
        "handoff", signals=[(level % 4 + 1, f"s{level}") for level in range(12)]
    )
    make.revise(question)
    # user, 2 permissions, question, revision + 4 rubric parts, revision numbers (the session
    # comes from Redis)
    with django_assert_num_queries(10):
        ada.get(detail("handoff"))


def test_the_detail_page_offers_curators_the_admin(client, cast):
    question = make.question("handoff")
    client.force_login(cast.curator)
    text = client.get(detail("handoff")).content.decode()
    assert reverse("admin:questionbank_question_change", args=[question.pk]) in text


def test_the_detail_page_offers_interviewers_no_admin_link(ada):
    make.question("handoff")
    assert "/admin/" not in ada.get(detail("handoff")).content.decode()


# --- Who may read ------------------------------------------------------------------------------


def test_it_asks_an_anonymous_visitor_to_log_in(client):
    make.question("handoff")
    for url in [LIST, detail("handoff")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_it_forbids_a_user_without_the_view_permission(client):
    make.question("handoff")
    client.force_login(UserFactory(username="stranger"))
    assert client.get(LIST).status_code == 403
    assert client.get(detail("handoff")).status_code == 403


def test_the_hiring_manager_may_read_the_bank_too(client, cast):
    make.question("handoff")
    client.force_login(cast.manager)
    assert client.get(LIST).status_code == 200


def test_the_pages_only_answer_get(ada):
    make.question("handoff")
    assert ada.post(LIST).status_code == 405
    assert ada.post(detail("handoff")).status_code == 405


def test_the_navigation_links_interviewers_to_the_bank_not_the_admin(ada):
    text = ada.get(LIST).content.decode()
    assert f'<a href="{LIST}">Question bank</a>' in text
    assert reverse("admin:index") not in text


def test_the_question_card_shows_the_crib_before_the_prompt_and_the_starter_code(ada):
    make.question(
        "handoff",
        crib="Hear: the P is handed off.\nRed flag: <one thread each>.\n",
        starter_code="package main\n\nfunc main() {\n\tgo work()\n}\n",
        language="go",
        learning="Read [Diagnostics](https://go.dev/doc/diagnostics).",
    )
    text = ada.get(detail("handoff")).content.decode()
    assert text.index('class="qc-crib"') < text.index('class="qc-prompt"')
    assert "Hear: the P is handed off.<br>Red flag: &lt;one thread each&gt;." in text
    assert "Starter code <span" in text and "\tgo work()" in text
    assert 'href="https://go.dev/doc/diagnostics"' in text


def test_a_question_without_a_crib_shows_no_empty_crib(ada):
    make.question("handoff")
    text = ada.get(detail("handoff")).content.decode()
    assert "qc-crib" not in text and "qc-starter-code" not in text
