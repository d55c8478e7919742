"""Writing through the API: candidates, interviews and loops scheduled through the console's
services, cancel and reschedule, feedback links; and Idempotency-Key, so a retry makes nothing
twice."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from interviews.api.models import IdempotentRequest
from interviews.models import Candidate, Interview, Loop
from interviews.reports.models import FeedbackLink
from tests.reports.builders import built_interview, make_kit

SOON = (timezone.now() + timedelta(days=3)).replace(microsecond=0)


@pytest.fixture
def kit(db):
    return make_kit(questions=2, slug="go-senior")


def interview_body(cast, **extra):
    return {
        "candidate": {"name": "Sam Candidate", "email": "Sam@Example.com"},
        "kit": "go-senior",
        "scheduled_at": SOON.isoformat(),
        "panel": [cast.ada.email, cast.grace.email],
    } | extra


def test_a_schedule_key_schedules_an_interview_with_its_panel_by_email(api, keys, cast, kit):
    response = api.post("/interviews", interview_body(cast), key=keys.schedule)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kit"] == "go-senior" and body["state"] == "scheduled"
    assert [(p["email"], p["lead"]) for p in body["panel"]] == [
        (cast.ada.email, True),
        (cast.grace.email, False),
    ]
    interview = Interview.objects.get(pk=body["id"])
    assert interview.candidate.email == "sam@example.com"
    assert interview.created_by == cast.manager  # who issued the key
    assert interview.scorecards.count() == 2


def test_an_unknown_panelist_or_kit_is_a_422_naming_the_field(api, keys, cast, kit):
    wrong = interview_body(cast, panel=[cast.ada.email, "nobody@example.com"])
    response = api.post("/interviews", wrong, key=keys.schedule)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == [
        {"field": "body.panel.1", "detail": "nobody@example.com: no interviewer has this email"}
    ]
    response = api.post("/interviews", interview_body(cast, kit="nope"), key=keys.schedule)
    assert response.json()["errors"][0]["field"] == "body.kit"
    response = api.post("/interviews", interview_body(cast, scheduled_at="soon"), key=keys.schedule)
    assert response.json()["errors"][0]["field"] == "body.scheduled_at"
    no_email = interview_body(cast, candidate={"name": "X", "email": "not-an-email"})
    response = api.post("/interviews", no_email, key=keys.schedule)
    assert response.json()["errors"][0]["field"] == "body.candidate.email"
    assert not Interview.objects.exists()


def test_a_loop_is_scheduled_whole_or_not_at_all(api, keys, cast, kit):
    plan = {"kit": "go-senior", "scheduled_at": SOON.isoformat(), "panel": [cast.ada.email]}
    body = {
        "candidate": {"name": "Sam", "email": "sam@example.com"},
        "role": "Senior Go engineer",
        "interviews": [plan, plan | {"panel": [cast.grace.email]}],
    }
    response = api.post("/loops", body, key=keys.schedule)
    assert response.status_code == 201, response.content
    assert len(response.json()["interview_ids"]) == 2
    broken = body | {"interviews": [plan, plan | {"kit": "missing"}]}
    response = api.post("/loops", broken, key=keys.schedule)
    assert response.json()["errors"][0]["field"] == "body.interviews.1.kit"
    assert Loop.objects.count() == 1


def test_cancel_and_reschedule(api, keys, cast, kit):
    made = api.post("/interviews", interview_body(cast), key=keys.schedule).json()
    later = (SOON + timedelta(days=1)).isoformat()
    moved = api.post(
        f"/interviews/{made['id']}/reschedule", {"scheduled_at": later}, key=keys.schedule
    )
    assert moved.status_code == 200
    assert moved.json()["scheduled_at"].startswith(later[:19])
    cancelled = api.post(f"/interviews/{made['id']}/cancel", key=keys.schedule)
    assert cancelled.json()["state"] == "cancelled"
    refused = api.post(
        f"/interviews/{made['id']}/reschedule", {"scheduled_at": later}, key=keys.schedule
    )
    assert refused.status_code == 409
    assert refused["Content-Type"] == "application/problem+json"


def test_a_candidate_is_created_once_per_email(api, keys, cast):
    first = api.post("/candidates", {"name": "Sam", "email": "sam@example.com"}, key=keys.schedule)
    again = api.post("/candidates", {"name": "Sam", "email": "SAM@example.com"}, key=keys.schedule)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    bad = api.post("/candidates", {"name": "Sam\nBcc: x", "email": "s@e.com"}, key=keys.schedule)
    assert bad.json()["errors"][0]["field"] == "body.name"


def test_a_retried_post_with_its_idempotency_key_makes_nothing_twice(api, keys, cast, kit):
    body = interview_body(cast)
    first = api.post("/interviews", body, key=keys.schedule, idempotency_key="ats-42")
    again = api.post("/interviews", body, key=keys.schedule, idempotency_key="ats-42")
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json()["id"] == again.json()["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert Interview.objects.count() == 1
    # The same key with another request is the client's bug: refused, not replayed.
    other = api.post(
        "/interviews",
        body | {"panel": [cast.ada.email]},
        key=keys.schedule,
        idempotency_key="ats-42",
    )
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "header.Idempotency-Key"
    # Keys are per API key: another integration's "ats-42" is its own.
    other_key = api.post("/interviews", body, key=keys.full, idempotency_key="ats-42")
    assert other_key.status_code == 201 and other_key.json()["id"] != first.json()["id"]


def test_a_refused_post_records_nothing_so_a_corrected_retry_goes_through(api, keys, cast, kit):
    wrong = interview_body(cast, kit="missing")
    assert api.post("/interviews", wrong, key=keys.schedule, idempotency_key="k").status_code == 422
    assert not IdempotentRequest.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_retries_make_one_interview(cast, kit):
    from django.test import Client

    from tests.api.conftest import make_key

    key = make_key(cast.manager, ["schedule"])
    answers, barrier = [], threading.Barrier(2)

    def post():
        barrier.wait()
        try:
            answers.append(
                Client().post(
                    "/api/v1/interviews",
                    interview_body(cast),
                    content_type="application/json",
                    headers={"Authorization": f"Bearer {key}", "Idempotency-Key": "same"},
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.status_code for a in answers) == [201, 201]
    assert len({a.json()["id"] for a in answers}) == 1
    assert Interview.objects.count() == 1 and Candidate.objects.count() == 1


def test_feedback_links_are_created_with_their_url_once_and_revoked(api, keys, cast, pdf_stand_in):
    interview, _ = built_interview([cast.ada], [3, 3])
    made = api.post(
        "/feedback-links", {"interview_id": interview.pk}, key=keys.links, idempotency_key="fb-1"
    )
    assert made.status_code == 201, made.content
    url = made.json()["url"]
    assert url.startswith("http://testserver/feedback/")
    assert api.get(url.removeprefix("http://testserver").removeprefix("/api/v1")).status_code
    replay = api.post(
        "/feedback-links", {"interview_id": interview.pk}, key=keys.links, idempotency_key="fb-1"
    )
    assert replay.json()["id"] == made.json()["id"] and replay.json()["url"] is None
    assert FeedbackLink.objects.count() == 1
    revoked = api.post(f"/feedback-links/{made.json()['id']}/revoke", key=keys.links)
    assert revoked.json()["state"] == "revoked"
    assert FeedbackLink.objects.get().revoked_by == cast.manager


def test_a_link_to_an_interview_without_a_report_is_a_409(api, keys, cast, kit):
    made = api.post("/interviews", interview_body(cast), key=keys.schedule).json()
    response = api.post("/feedback-links", {"interview_id": made["id"]}, key=keys.links)
    assert response.status_code == 409
