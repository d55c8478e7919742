"""The console page and the rating POST cost a fixed number of queries, however large the kit or
the panel. Caches start cold (tests/conftest.py), so these are worst cases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interviews.rubrics import clear_caches
from tests.factories import interviewer
from tests.interviews.builders import make_interview, make_kit

CONSOLE_MAX_QUERIES = 12
RATING_MAX_QUERIES = 2  # the user and the UPDATE; the session is read from Redis


@pytest.fixture
def build(cast):
    def build(questions: int, panelists: int):
        panel = [cast.ada] + [interviewer(f"panelist{n}", f"P{n}") for n in range(panelists - 1)]
        return make_interview(panel, questions=questions)

    return build


@pytest.mark.parametrize(("questions", "panelists"), [(1, 1), (40, 1), (1, 5), (40, 5)])
def test_the_console_page_runs_a_constant_number_of_queries(
    ada_client, build, questions, panelists, django_assert_max_num_queries
):
    interview = build(questions, panelists)
    with django_assert_max_num_queries(CONSOLE_MAX_QUERIES):
        response = ada_client.get(reverse("interviews:console", kwargs={"pk": interview.pk}))
    assert response.status_code == 200


@pytest.mark.parametrize(("questions", "panelists"), [(1, 1), (40, 1), (1, 5), (40, 5)])
def test_the_rating_post_runs_a_constant_number_of_queries(
    ada_client, build, questions, panelists, django_assert_max_num_queries
):
    interview = build(questions, panelists)
    url = reverse("interviews:rate", kwargs={"pk": interview.pk, "position": questions})
    with django_assert_max_num_queries(RATING_MAX_QUERIES):
        response = ada_client.post(url, {"level": 3, "version": 0}, headers={"HX-Request": "true"})
    assert response.status_code == 200


def test_the_count_is_the_same_for_1_and_40_questions_and_1_and_5_panelists(ada_client, cast):
    counts = set()
    for questions, panelists in [(1, 1), (40, 5)]:
        panel = [cast.ada] + [
            interviewer(f"panelist{questions}-{n}", "P") for n in range(panelists - 1)
        ]
        kit = make_kit(questions, slug=f"kit-{questions}")
        interview = make_interview(panel, kit=kit)
        clear_caches()
        with CaptureQueriesContext(connection) as captured:
            ada_client.get(reverse("interviews:console", kwargs={"pk": interview.pk}))
        counts.add(len(captured))
    assert len(counts) == 1, counts


def test_a_rating_post_is_the_user_and_one_update(ada_client, build):
    interview = build(3, 2)
    url = reverse("interviews:rate", kwargs={"pk": interview.pk, "position": 2})
    with CaptureQueriesContext(connection) as captured:
        response = ada_client.post(url, {"level": 3, "version": 0}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    user, update = (query["sql"] for query in captured)
    assert "auth_user" in user
    # The access check (the panelist's open scorecard on a live interview) is inside the write.
    assert update.lstrip().startswith('UPDATE "interviews_rating"')
    assert "interviews_scorecard" in update
