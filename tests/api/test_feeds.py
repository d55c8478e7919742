"""Lists are feeds of changes: cursor pages of 50 by default, `updated_since`, a fixed number of
queries whatever the page holds, and `updated_at` moved by every change the API can see."""

from datetime import timedelta

import pytest
from django.utils import timezone

from interviews.models import Candidate, Interview, Loop
from interviews.services import interview_cancel, interview_reschedule, scorecard_amend
from tests.factories import interviewer
from tests.reports.builders import make_interview, make_kit, rate, submit


def walk(api, path, key, **params):
    """Every item of a list, page by page; and the pages' sizes."""
    items, sizes, cursor = [], [], None
    while True:
        query = params | ({"cursor": cursor} if cursor else {})
        body = api.get(path, key=key, **query).json()
        items += body["items"]
        sizes.append(len(body["items"]))
        cursor = body["next_cursor"]
        if cursor is None:
            return items, sizes


def test_pages_hold_50_by_default_and_the_cursor_walks_every_row_once(api, keys, cast):
    Candidate.objects.bulk_create(
        Candidate(name=f"C{n}", email=f"c{n}@example.com") for n in range(120)
    )
    items, sizes = walk(api, "/candidates", keys.read)
    assert sizes == [50, 50, 20]
    assert len({c["id"] for c in items}) == 120
    _, small = walk(api, "/candidates", keys.read, limit=7)
    assert small[0] == 7 and sum(small) == 120


def test_a_row_changed_during_a_walk_moves_to_the_end_instead_of_being_lost(api, keys, cast):
    Candidate.objects.bulk_create(Candidate(name=f"C{n}", email=f"c{n}@ex.com") for n in range(6))
    first = api.get("/candidates", key=keys.read, limit=3).json()
    moved = first["items"][0]["id"]
    Candidate.objects.filter(pk=moved).update(updated_at=timezone.now() + timedelta(seconds=1))
    rest, _ = walk(api, "/candidates", keys.read, limit=3, cursor=first["next_cursor"])
    assert [c["id"] for c in rest][-1] == moved
    assert len(first["items"]) + len(rest) == 7


def test_a_bad_cursor_or_limit_is_a_422_naming_the_field(api, keys, db):
    response = api.get("/candidates", key=keys.read, cursor="not-a-cursor")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.cursor"
    response = api.get("/interviews", key=keys.read, limit=0)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "query.limit"


def test_updated_since_needs_a_zone(api, keys, db):
    response = api.get("/interviews", key=keys.read, updated_since="2026-01-01T00:00:00")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.updated_since"


@pytest.fixture
def scheduled(cast):
    return make_interview(kit=make_kit(questions=2), panel=[cast.ada, cast.grace], start=False)


def changed_since(api, key, moment) -> dict[str, list[int]]:
    since = moment.isoformat()
    return {
        name: [
            row["id"] for row in api.get(f"/{name}", key=key, updated_since=since).json()["items"]
        ]
        for name in ("interviews", "loops", "candidates")
    }


def test_a_reschedule_moves_the_interview_its_loop_and_its_candidate(api, keys, scheduled):
    moment = timezone.now()
    assert changed_since(api, keys.read, moment) == {
        "interviews": [],
        "loops": [],
        "candidates": [],
    }
    interview_reschedule(interview=scheduled, scheduled_at=timezone.now() + timedelta(days=2))
    assert changed_since(api, keys.read, moment) == {
        "interviews": [scheduled.pk],
        "loops": [scheduled.loop_id],
        "candidates": [scheduled.candidate_id],
    }


def test_a_cancel_moves_the_interview(api, keys, scheduled):
    moment = timezone.now()
    interview_cancel(interview=scheduled)
    assert changed_since(api, keys.read, moment)["interviews"] == [scheduled.pk]


def test_a_submitted_and_an_amended_scorecard_move_the_interview(api, keys, cast):
    interview = make_interview(kit=make_kit(questions=2), panel=[cast.ada, cast.grace])
    rate(interview, cast.ada, [3, 3])
    moment = timezone.now()
    assert changed_since(api, keys.read, moment)["interviews"] == []  # live ratings do not
    card = submit(interview, cast.ada)
    assert changed_since(api, keys.read, moment)["interviews"] == [interview.pk]
    moment = timezone.now()
    scorecard_amend(scorecard=card, author=cast.ada, ratings={1: 4}, reason="Re-read")
    assert changed_since(api, keys.read, moment)["interviews"] == [interview.pk]


LIST_QUERIES = {
    # the key; the page (with its kit); the panel with its users
    "/interviews": 3,
    # the key; the page; its interviews; its decisions
    "/loops": 4,
    "/candidates": 2,
    # the key; the page; its entries with their questions
    "/kits": 3,
    "/questions": 2,
}


@pytest.mark.parametrize("path", list(LIST_QUERIES))
@pytest.mark.parametrize("interviews", [1, 6])
def test_a_list_costs_the_same_queries_however_many_rows(
    api, keys, cast, path, interviews, django_assert_num_queries
):
    kit = make_kit(questions=2)
    panel = [cast.ada, cast.grace, interviewer("lin", "Lin")]
    for _ in range(interviews):
        make_interview(kit=kit, panel=panel, start=False)
    api.get("/key", key=keys.read)  # last use recorded: later calls write nothing
    with django_assert_num_queries(LIST_QUERIES[path]):
        response = api.get(path, key=keys.read)
    assert response.status_code == 200
    assert len(response.json()["items"]) >= 1


def test_the_interview_list_is_served_by_its_updated_at_index(db):
    from django.db import connection

    page = Interview.objects.filter(updated_at__gte=timezone.now()).order_by("updated_at", "id")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # an empty table: make the planner show it
        plan = page[:51].explain()
        cursor.execute("SET enable_seqscan = on")
    assert "interview_updated" in plan
    assert Loop._meta.indexes[0].fields == ["updated_at", "id"]
