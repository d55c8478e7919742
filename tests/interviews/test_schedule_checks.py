"""Scheduling refuses plans that cannot happen, on the row they are about and with nothing written:
a start in the past, a panelist booked on two interviews at once (each lasting its kit's slot), and
a second open loop for one candidate (the page links to the open one instead)."""

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from interviews.models import Interview, Loop, LoopDecision
from interviews.services import interview_cancel, interview_schedule
from tests.interviews.builders import make_kit
from tests.interviews.test_schedule import later, loop_data

SAM = {"candidate_name": "Sam Candidate", "candidate_email": "sam@example.com"}


def at(when: str) -> datetime:
    return timezone.make_aware(datetime.strptime(when, "%Y-%m-%dT%H:%M"))


def row(kit, when: str, *people) -> dict:
    return {
        "kit": kit.pk,
        "scheduled_at": when,
        "panel": [person.pk for person in people],
        "lead": people[0].pk,
    }


def booked(kit, when: str, *people, email="jun@example.com") -> Interview:
    """Someone else's interview, already on the calendar."""
    return interview_schedule(
        candidate_name="Jun Park",
        candidate_email=email,
        kit=kit,
        scheduled_at=at(when),
        panel=list(people),
        lead=people[0],
    )


def schedule(client, cast, *rows, candidate=SAM):
    client.force_login(cast.manager)
    return client.post(reverse("interviews:schedule"), loop_data(candidate, list(rows)))


def test_a_start_in_the_past_is_refused_on_its_row(client, cast):
    kit = make_kit(2)
    response = schedule(
        client, cast, row(kit, later(1), cast.ada), row(kit, "2020-01-01T10:00", cast.grace)
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert (
        "Interview 2, scheduled at: 1 Jan 2020 10:00 is in the past: choose a time from now on."
        in body
    )
    assert "Interview 1, scheduled at" not in body
    assert not Loop.objects.exists() and not Interview.objects.exists()


def test_a_start_a_moment_ago_is_still_accepted(client, cast):
    kit = make_kit(1)
    just_now = timezone.localtime() - timedelta(minutes=1)
    response = schedule(client, cast, row(kit, f"{just_now:%Y-%m-%dT%H:%M}", cast.ada))
    assert response.status_code == 302


def test_a_panelist_on_an_overlapping_interview_is_refused_naming_them_and_it(client, cast):
    hour = make_kit(12, slug="hour")  # a 60-minute slot
    booked(hour, later(1, 10), cast.ada)
    response = schedule(client, cast, row(hour, later(1, 10)[:-2] + "30", cast.ada, cast.grace))
    assert response.status_code == 422
    body = response.content.decode()
    day = timezone.localdate() + timedelta(days=1)
    assert (
        f"Interview 1, panel: {cast.ada.get_full_name()} is already on Jun Park · Kit hour, "
        f"{day.day} {day:%b} 10:00 to 11:00 (scheduled)."
    ) in body
    assert "Grace" not in body.split("Interview 1, panel")[1].split("</p>")[0]  # not booked
    assert Interview.objects.count() == 1 and Loop.objects.count() == 1


def test_back_to_back_interviews_book_no_one_twice(client, cast):
    hour = make_kit(12, slug="hour")
    booked(hour, later(1, 10), cast.ada)
    response = schedule(client, cast, row(hour, later(1, 11), cast.ada))
    assert response.status_code == 302
    assert Interview.objects.count() == 2


def test_a_cancelled_interview_books_no_one(client, cast):
    hour = make_kit(12, slug="hour")
    interview_cancel(interview=booked(hour, later(1, 10), cast.ada))
    assert schedule(client, cast, row(hour, later(1, 10), cast.ada)).status_code == 302


def test_two_rows_booking_one_panelist_at_once_are_refused_on_the_later_row(client, cast):
    hour, half = make_kit(12, slug="hour"), make_kit(6, slug="half")
    response = schedule(
        client,
        cast,
        row(hour, later(2, 10), cast.ada, cast.grace),
        row(half, later(2, 10)[:-2] + "45", cast.grace),
    )
    assert response.status_code == 422
    body = response.content.decode()
    grace = cast.grace.get_full_name()
    assert f"Interview 2, panel: {grace} is also on interview 1 of this loop, " in body
    assert "Interview 1, panel" not in body
    assert not Interview.objects.exists()


def test_adding_interviews_to_a_loop_refuses_a_double_booking_too(client, cast):
    hour = make_kit(12, slug="hour")
    loop = booked(hour, later(3, 10), cast.ada, email="sam@example.com").loop
    client.force_login(cast.manager)
    url = reverse("interviews:loop_schedule_more", args=[loop.pk])
    response = client.post(url, loop_data({}, [row(hour, later(3, 10), cast.ada)]))
    assert response.status_code == 422
    assert f"Interview 1, panel: {cast.ada.get_full_name()} is already on Jun Park · Kit hour" in (
        response.content.decode()
    )
    assert loop.interviews.count() == 1


def test_a_second_open_loop_for_a_candidate_is_refused_with_links_to_the_open_one(client, cast):
    kit = make_kit(1)
    assert schedule(client, cast, row(kit, later(1), cast.ada)).status_code == 302
    first = Loop.objects.get()
    again = {"candidate_name": "Sam C.", "candidate_email": "SAM@example.com"}
    response = schedule(client, cast, row(kit, later(5), cast.grace), candidate=again)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Candidate email: Sam Candidate already has an open loop (no role given, created " in (
        body
    )
    assert reverse("interviews:loop_schedule_more", args=[first.pk]) in body
    assert reverse("reports:candidate", args=[first.candidate_id]) + f"#loop-{first.pk}" in body
    assert Loop.objects.count() == 1 and Interview.objects.count() == 1


def test_a_candidate_whose_loop_is_decided_may_start_a_new_one(client, cast):
    kit = make_kit(1)
    schedule(client, cast, row(kit, later(1), cast.ada))
    LoopDecision.objects.create(
        loop=Loop.objects.get(),
        outcome="no_hire",
        reason="Not this time.",
        decided_by=cast.manager,
        decided_at=timezone.now(),
    )
    assert schedule(client, cast, row(kit, later(5), cast.ada)).status_code == 302
    assert Loop.objects.count() == 2


def test_rescheduling_into_the_past_is_refused(client, cast):
    interview = booked(make_kit(1), later(1), cast.ada)
    client.force_login(cast.ada)
    url = reverse("interviews:reschedule", kwargs={"pk": interview.pk})
    response = client.post(url, {"scheduled_at": "2020-01-01T10:00"})
    assert response.status_code == 422
    assert "scheduled_at: 1 Jan 2020 10:00 is in the past" in response.content.decode()
    interview.refresh_from_db()
    assert interview.scheduled_at == at(later(1))


def test_rescheduling_onto_a_panelists_other_interview_is_refused_naming_it(client, cast):
    hour = make_kit(12, slug="hour")
    booked(hour, later(1, 10), cast.ada, cast.grace)
    mine = booked(hour, later(1, 14), cast.ada, email="sam@example.com")
    client.force_login(cast.ada)
    url = reverse("interviews:reschedule", kwargs={"pk": mine.pk})
    response = client.post(url, {"scheduled_at": later(1, 10)})
    assert response.status_code == 422
    assert f"{cast.ada.get_full_name()} is already on Jun Park · Kit hour" in (
        response.content.decode()
    )
    # moving it within its own slot is no clash with itself
    assert client.post(url, {"scheduled_at": later(1, 14)[:-2] + "30"}).status_code == 302


def test_the_services_refuse_a_second_open_loop_and_a_double_booking_whoever_calls_them(cast):
    import pytest
    from django.core.exceptions import ValidationError

    from interviews.services import InterviewPlan, loop_add_interviews, loop_schedule

    hour = make_kit(12, slug="hour")
    first = booked(hour, later(1, 10), cast.ada, email="sam@example.com")
    plan = InterviewPlan(kit=hour, scheduled_at=at(later(1, 10)), panel=[cast.ada], lead=cast.ada)
    with pytest.raises(ValidationError, match="already has an open loop"):
        loop_schedule(
            candidate_name="Sam",
            candidate_email="SAM@example.com",
            role="",
            plans=[plan],
            created_by=cast.manager,
        )
    with pytest.raises(ValidationError, match=r"Interview 1: .* is already on Jun Park"):
        loop_add_interviews(loop=first.loop, plans=[plan], created_by=cast.manager)
    assert Loop.objects.count() == 1 and Interview.objects.count() == 1
