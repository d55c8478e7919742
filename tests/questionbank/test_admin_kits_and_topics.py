"""Kits (ordered questions with time budgets, and a slot they must fit) and topics in the admin.

A save that would not fit the slot (questions, introduction and closing over it, or an
introduction or closing without one) is refused with a form error and changes nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from questionbank.models import Kit, KitQuestion
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
    assert (
        '<div class="readonly">30 minutes of questions; no slot: a collection of the bank, '
        "not an interview</div>"
    ) in text
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


# --- A kit's slot: the minutes against it, and saves that would not fit it ----------------------


def interview_kit(minutes: int = 10):
    """Three questions of `minutes` each in a 60-minute slot, 5 minutes either side."""
    questions = [make.question(slug) for slug in ("a", "b", "c")]
    return make.kit(
        "go-hour", questions, minutes, slot_minutes=60, intro_minutes=5, closing_minutes=5
    )


def form_data(client, kit) -> dict:
    return make.change_form_data(client.get(kit_url(kit)))


def errors_of(response) -> list[str]:
    """The kit form's and the questions' formset's errors, flattened."""
    form = response.context["adminform"].form
    found = [str(error) for errors in form.errors.values() for error in errors]
    for inline in response.context["inline_admin_formsets"]:
        found += [str(error) for error in inline.formset.non_form_errors()]
    return found


def test_the_kit_page_shows_the_minutes_against_the_slot(curator_client):
    text = curator_client.get(kit_url(interview_kit())).content.decode()
    assert (
        '<div class="readonly">40 of 60 minutes (30 of questions, 5 introduction, 5 closing); '
        "20 to spare</div>"
    ) in text


def test_the_kit_list_shows_each_kit_s_slot(curator_client):
    interview_kit()
    make.kit("collection", [make.question("d")])
    page = curator_client.get(reverse("admin:questionbank_kit_changelist"))
    text = page.content.decode()
    assert "60 min" in text and "none (a collection)" in text


def test_a_curator_sets_a_kit_s_slot_introduction_and_closing(curator_client):
    kit = make.kit("go-hour", [make.question("a")], 20)
    data = form_data(curator_client, kit) | {
        "slot_minutes": "30",
        "intro_minutes": "3",
        "closing_minutes": "7",
    }
    response = curator_client.post(kit_url(kit), data)
    assert response.status_code == 302, errors_of(response)
    kit.refresh_from_db()
    assert (kit.slot_minutes, kit.intro_minutes, kit.closing_minutes) == (30, 3, 7)


def test_a_slot_too_short_for_the_questions_is_refused_by_a_form_error(curator_client):
    kit = interview_kit()
    data = form_data(curator_client, kit) | {"slot_minutes": "39"}
    response = curator_client.post(kit_url(kit), data)
    assert response.status_code == 200
    assert errors_of(response) == [
        "The kit runs 40 minutes (30 of questions, 5 introduction, 5 closing), 1 over its "
        "39-minute slot; shorten or drop a question, or lengthen the slot."
    ]
    assert Kit.objects.get(pk=kit.pk).slot_minutes == 60


def test_a_longer_question_that_pushes_the_kit_over_its_slot_is_refused(curator_client):
    kit = interview_kit(minutes=16)  # 48 of 50 minutes left for questions
    data = form_data(curator_client, kit) | {"entries-0-minutes": "19"}
    response = curator_client.post(kit_url(kit), data)
    assert response.status_code == 200
    assert "1 over its 60-minute slot" in errors_of(response)[0]
    assert kit.entries.get(position=1).minutes == 16


def test_a_question_added_beyond_the_slot_is_refused(curator_client):
    kit = interview_kit(minutes=16)
    extra = make.question("d")
    data = form_data(curator_client, kit) | {
        "entries-3-question": extra.pk,
        "entries-3-minutes": "3",
        "entries-3-weight": "1",
    }
    response = curator_client.post(kit_url(kit), data)
    assert "1 over its 60-minute slot" in errors_of(response)[0]
    assert kit.entries.count() == 3


def test_removing_a_question_to_make_room_is_fine(curator_client):
    kit = interview_kit(minutes=16)
    data = form_data(curator_client, kit) | {"entries-2-DELETE": "on", "entries-0-minutes": "25"}
    response = curator_client.post(kit_url(kit), data)
    assert response.status_code == 302, errors_of(response)
    assert list(kit.entries.values_list("minutes", flat=True)) == [25, 16]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"slot_minutes": "", "intro_minutes": "5", "closing_minutes": "0"},
            "intro_minutes",
            "Introduction minutes belong to a kit with a slot; set the slot or leave them out.",
        ),
        (
            {"slot_minutes": "10", "intro_minutes": "5", "closing_minutes": "5"},
            "slot_minutes",
            "Introduction and closing (10 minutes) leave no time for questions in a 10-minute "
            "slot.",
        ),
        (
            {"slot_minutes": "500"},
            "slot_minutes",
            "Ensure this value is less than or equal to 480.",
        ),
    ],
    ids=["introduction without a slot", "no time left for questions", "a slot over a day"],
)
def test_a_bad_frame_is_a_form_error_on_its_field(curator_client, change, field, message):
    kit = make.kit("go-hour", [make.question("a")])
    response = curator_client.post(kit_url(kit), form_data(curator_client, kit) | change)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [message]
    kit.refresh_from_db()
    assert (kit.slot_minutes, kit.intro_minutes, kit.closing_minutes) == (None, 0, 0)


def test_a_kit_without_a_slot_may_run_as_long_as_it_likes(curator_client):
    kit = make.kit("collection", [make.question("a"), make.question("b")], 60)
    data = form_data(curator_client, kit) | {"entries-1-minutes": "60"}
    response = curator_client.post(kit_url(kit), data)
    assert response.status_code == 302
    text = curator_client.get(kit_url(kit)).content.decode()
    assert "120 minutes of questions; no slot: a collection of the bank" in text


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
