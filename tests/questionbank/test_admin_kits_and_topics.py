"""Kits (ordered questions with time budgets) and topics in the admin."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from questionbank.models import KitQuestion
from tests.questionbank import admin_factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator_client(client, cast):
    client.force_login(cast.curator)
    return client


def kit_url(kit) -> str:
    return reverse("admin:questionbank_kit_change", args=[kit.pk])


def order(kit) -> list[tuple[int, str]]:
    return list(kit.entries.order_by("position").values_list("position", "question__slug"))


# --- Kits --------------------------------------------------------------------------------------


def test_the_kit_list_shows_question_count_and_total_minutes(curator_client):
    make.kit("senior-go", [make.question("a"), make.question("b"), make.question("c")], minutes=12)
    make.kit("empty-kit", [])
    page = curator_client.get(reverse("admin:questionbank_kit_changelist"))
    rows = {
        kit.slug: (kit.question_count, kit.minutes_total) for kit in page.context["cl"].result_list
    }
    assert rows == {"senior-go": (3, 36), "empty-kit": (0, None)}
    assert ">36<" in page.content.decode()


def test_the_kit_list_filters_by_target_level_and_topic(curator_client):
    make.kit("go-memory", [make.question("gc", topic_slug="memory")])
    make.kit("go-sched", [make.question("handoff", topic_slug="scheduler")])
    memory = make.topic("memory")
    page = curator_client.get(
        reverse("admin:questionbank_kit_changelist"),
        {"entries__question__topic__id__exact": memory.pk},
    )
    assert [kit.slug for kit in page.context["cl"].result_list] == ["go-memory"]
    assert page.context["cl"].result_list[0].question_count == 1


def test_the_kit_page_shows_its_questions_in_order_and_total_minutes(curator_client):
    kit = make.kit("senior-go", [make.question("a"), make.question("b")], minutes=15)
    page = curator_client.get(kit_url(kit))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Questions, in order" in text
    assert page.context["original"].minutes_total == 30
    assert '<div class="readonly">30</div>' in text
    formset = page.context["inline_admin_formsets"][0].formset
    assert [form.instance.question.slug for form in formset.initial_forms] == ["a", "b"]


def test_a_curator_adds_a_question_to_a_kit(curator_client):
    kit = make.kit("senior-go", [make.question("a")])
    extra = make.question("b")
    data = make.change_form_data(curator_client.get(kit_url(kit)))
    data |= {"entries-1-question": extra.pk, "entries-1-minutes": "8", "entries-1-weight": "2"}
    assert data["entries-1-position"] == 2  # a new row starts after the last one
    response = curator_client.post(kit_url(kit), data)
    assert response.status_code == 302
    assert order(kit) == [(1, "a"), (2, "b")]
    assert kit.entries.get(position=2).weight == 2


def test_two_questions_swap_places_in_one_save(curator_client):
    kit = make.kit("senior-go", [make.question("a"), make.question("b"), make.question("c")])
    data = make.change_form_data(curator_client.get(kit_url(kit)))
    data["entries-0-position"], data["entries-2-position"] = "3", "1"
    response = curator_client.post(kit_url(kit), data)
    assert response.status_code == 302
    assert order(kit) == [(1, "c"), (2, "b"), (3, "a")]


def test_removing_a_question_frees_its_position(curator_client):
    kit = make.kit("senior-go", [make.question("a"), make.question("b")])
    data = make.change_form_data(curator_client.get(kit_url(kit)))
    data["entries-0-DELETE"] = "on"
    data["entries-1-position"] = "1"
    assert curator_client.post(kit_url(kit), data).status_code == 302
    assert order(kit) == [(1, "b")]


def test_two_questions_in_one_position_are_refused_clearly(curator_client):
    kit = make.kit("senior-go", [make.question("a"), make.question("b")])
    data = make.change_form_data(curator_client.get(kit_url(kit)))
    data["entries-1-position"] = "1"
    response = curator_client.post(kit_url(kit), data)
    assert response.status_code == 200
    assert "Two questions cannot share a position in the kit: 1." in response.content.decode()
    assert order(kit) == [(1, "a"), (2, "b")]


def test_a_question_twice_in_a_kit_is_refused_clearly(curator_client):
    question = make.question("a")
    kit = make.kit("senior-go", [question])
    data = make.change_form_data(curator_client.get(kit_url(kit)))
    data |= {"entries-1-question": question.pk, "entries-1-minutes": "5", "entries-1-weight": "1"}
    response = curator_client.post(kit_url(kit), data)
    assert response.status_code == 200
    assert KitQuestion.objects.filter(kit=kit).count() == 1


def test_a_kit_time_budget_outside_1_to_60_minutes_is_refused(curator_client):
    kit = make.kit("senior-go", [make.question("a")])
    data = make.change_form_data(curator_client.get(kit_url(kit)))
    data["entries-0-minutes"] = "90"
    response = curator_client.post(kit_url(kit), data)
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 60." in response.content.decode()
    assert kit.entries.get().minutes == 10


# --- Topics ------------------------------------------------------------------------------------


def test_the_topic_list_counts_questions(curator_client):
    make.question("a", topic_slug="memory")
    make.question("b", topic_slug="memory")
    make.question("c", topic_slug="scheduler")
    make.topic("cgo")
    page = curator_client.get(reverse("admin:questionbank_topic_changelist"))
    counts = {topic.slug: topic.question_count for topic in page.context["cl"].result_list}
    assert counts == {"memory": 2, "scheduler": 1, "cgo": 0}


def test_the_topic_list_costs_the_same_queries_for_many_topics(curator_client):
    make.question("a", topic_slug="memory")
    url = reverse("admin:questionbank_topic_changelist")
    with CaptureQueriesContext(connection) as few:
        curator_client.get(url)
    for index in range(8):
        make.question(f"q{index}", topic_slug=f"topic-{index}")
    with CaptureQueriesContext(connection) as many:
        curator_client.get(url)
    assert len(many) == len(few)
