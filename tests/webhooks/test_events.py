"""Each event is written to the outbox in the transaction of the change it announces, to the
endpoints subscribed to it, with a thin payload: ids, type, time and API URLs, never a note."""

import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from interviews.reports import services as report_services
from interviews.services import loop_decide
from interviews.webhooks.models import Delivery, Endpoint, Event
from tests.reports.builders import (
    built_interview,
    enqueue_disabled,
    make_interview,
    make_kit,
    open_request,
    rate,
    submit,
)

pytestmark = pytest.mark.usefixtures("pdf_stand_in")


@pytest.fixture
def subscribed(db):
    """An endpoint for every event, never sent to here (its deliveries are only written)."""
    return Endpoint.objects.create(
        url="https://ats.example.com/hooks",
        events=[
            "interview.scheduled",
            "scorecard.submitted",
            "interview.completed",
            "report.ready",
            "decision.recorded",
            "feedback_link.viewed",
        ],
    )


def bodies(event_type: str) -> list[dict]:
    return [json.loads(event.body) for event in Event.objects.filter(type=event_type)]


def test_scheduling_writes_interview_scheduled_with_ids_and_api_urls(subscribed, cast):
    interview = make_interview(kit=make_kit(questions=1), panel=[cast.ada], start=False)
    [body] = bodies("interview.scheduled")
    assert body["type"] == "interview.scheduled"
    assert body["data"]["interview_id"] == interview.pk
    assert body["data"]["interview_url"] == f"/api/v1/interviews/{interview.pk}"
    assert body["data"]["candidate_id"] == interview.candidate_id
    assert Delivery.objects.get(event__type="interview.scheduled").endpoint == subscribed


def test_the_panel_submitting_writes_each_scorecard_then_the_completion(subscribed, cast):
    interview = make_interview(kit=make_kit(questions=1), panel=[cast.ada, cast.grace])
    for person in (cast.ada, cast.grace):
        rate(interview, person, [3], notes={1: "a private note about the candidate"})
        with enqueue_disabled():
            submit(interview, person)
    submitted = bodies("scorecard.submitted")
    assert len(submitted) == 2
    assert {body["data"]["scorecard_url"] for body in submitted} == {
        f"/api/v1/scorecards/{body['data']['scorecard_id']}" for body in submitted
    }
    [completed] = bodies("interview.completed")
    assert completed["data"]["interview_id"] == interview.pk
    every_body = " ".join(Event.objects.values_list("body", flat=True))
    assert "private note" not in every_body
    assert "Casey" not in every_body  # no names either: the API has them, behind a key


def test_a_built_report_and_a_decision_and_a_first_view_are_announced(subscribed, cast):
    interview, report = built_interview([cast.ada], [3, 4])
    [ready] = bodies("report.ready")
    assert ready["data"]["report_id"] == report.pk
    assert ready["data"]["report_url"] == f"/api/v1/interviews/{interview.pk}/report"

    decision = loop_decide(
        loop=interview.loop,
        outcome="hire",
        level="senior",
        reason="Clear.",
        decided_by=cast.manager,
    )
    [decided] = bodies("decision.recorded")
    assert (decided["data"]["loop_id"], decided["data"]["decision_id"]) == (
        interview.loop_id,
        decision.pk,
    )
    link, _ = report_services.feedback_link_create(
        created_by=cast.manager,
        expires_at=timezone.now() + timedelta(days=3),
        share_level=False,
        report=report,
    )
    report_services.feedback_link_record_view(link=link)
    report_services.feedback_link_record_view(link=link)
    [viewed] = bodies("feedback_link.viewed")  # the first view only
    assert viewed["data"]["feedback_link_id"] == link.pk


def test_a_rebuild_with_the_same_inputs_announces_the_report_again(subscribed, cast):
    interview, _ = built_interview([cast.ada], [2])
    with enqueue_disabled():
        report_services.report_rebuild(interview=interview, requested_by=cast.manager)
    report_services.report_build(request_id=open_request(interview).pk)
    assert len(bodies("report.ready")) == 2


def test_only_subscribed_active_endpoints_get_a_delivery(cast):
    Endpoint.objects.create(url="https://a.example.com/", events=["interview.completed"])
    Endpoint.objects.create(
        url="https://b.example.com/", events=["interview.scheduled"], is_active=False
    )
    make_interview(kit=make_kit(questions=1), panel=[cast.ada])
    assert not Event.objects.exists()  # nobody listening: nothing written
    assert not Delivery.objects.exists()


def test_a_change_that_rolls_back_leaves_no_event(subscribed, cast):
    kit = make_kit(questions=1)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_interview(kit=kit, panel=[cast.ada], start=False)
        raise RuntimeError("the scheduling request failed after the service")
    assert not Event.objects.exists()
    assert not Delivery.objects.exists()


def test_every_delivery_of_an_event_shares_its_webhook_id(subscribed, cast):
    Endpoint.objects.create(url="https://second.example.com/", events=["interview.scheduled"])
    make_interview(kit=make_kit(questions=1), panel=[cast.ada], start=False)
    event = Event.objects.get()
    assert event.deliveries.count() == 2
    assert json.loads(event.body)["id"] == event.webhook_id
