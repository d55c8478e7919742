import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from interviews.models import Candidate, Interview, Rating
from questionbank.models import Kit, Question
from questionbank.services import question_retire
from tests.interviews.builders import make_interview, make_kit


def schedule_data(kit, cast, **overrides):
    data = {
        "candidate_name": "Sam Candidate",
        "candidate_email": "Sam@Example.com",
        "kit": kit.pk,
        "scheduled_at": "2026-12-01T10:00",
        "panel": [cast.ada.pk, cast.grace.pk],
        "lead": cast.ada.pk,
    }
    return data | overrides


def test_a_hiring_manager_schedules_an_interview_with_its_panel(client, cast):
    kit = make_kit(3)
    client.force_login(cast.manager)
    response = client.post(reverse("interviews:schedule"), schedule_data(kit, cast))
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert interview.candidate.email == "sam@example.com"
    assert [q.revision.question.slug for q in interview.questions.all()] == [
        "go-kit-q1",
        "go-kit-q2",
        "go-kit-q3",
    ]
    assert interview.panelists.get(is_lead=True).user == cast.ada
    assert Rating.objects.filter(scorecard__interview=interview).count() == 6


def test_the_interview_pins_the_revisions_current_when_scheduled(client, cast):
    kit = make_kit(1)
    client.force_login(cast.manager)
    client.post(reverse("interviews:schedule"), schedule_data(kit, cast))
    pinned = Interview.objects.get().questions.get().revision
    assert pinned.number == 1 and pinned.published_at is not None


def test_the_lead_must_be_on_the_panel(client, cast):
    kit = make_kit(1)
    client.force_login(cast.manager)
    data = schedule_data(kit, cast, panel=[cast.grace.pk], lead=cast.ada.pk)
    response = client.post(reverse("interviews:schedule"), data)
    assert response.status_code == 422
    assert "The lead must be one of the panel." in response.content.decode()
    assert not Interview.objects.exists()


def test_a_kit_with_a_retired_question_is_refused_by_name(client, cast):
    kit = make_kit(2)
    question_retire(question=kit.questions.get(slug="go-kit-q2"))
    client.force_login(cast.manager)
    response = client.post(reverse("interviews:schedule"), schedule_data(kit, cast))
    assert response.status_code == 422
    assert (
        "The kit “Kit go-kit” holds a retired question: go-kit-q2 (“Question 2 of go-kit”). "
        "Take retired questions out of the kit, or restore them, before scheduling."
    ) in response.content.decode()
    assert not Interview.objects.exists()
    assert not Candidate.objects.exists()


def test_a_kit_with_an_unpublished_question_is_refused_by_name(client, cast):
    kit = make_kit(2)
    Question.objects.filter(slug="go-kit-q1").update(status=Question.Status.DRAFT)
    client.force_login(cast.manager)
    response = client.post(reverse("interviews:schedule"), schedule_data(kit, cast))
    assert response.status_code == 422
    assert (
        "The kit “Kit go-kit” holds a question not published yet: go-kit-q1 (“Question 1 of "
        "go-kit”)."
    ) in response.content.decode()
    assert not Interview.objects.exists()


def test_the_form_offers_only_kits_with_a_slot(client, cast):
    interview_kit = make_kit(1, slug="go-hour")
    make_kit(1, slug="go-bank")
    Kit.objects.filter(slug="go-bank").update(slot_minutes=None)
    client.force_login(cast.manager)
    page = client.get(reverse("interviews:schedule"))
    assert list(page.context["form"].fields["kit"].queryset) == [interview_kit]
    assert "Kit go-hour (5 min)" in page.content.decode()
    assert "Kit go-bank" not in page.content.decode()


def test_a_kit_without_a_slot_is_refused_and_named(client, cast):
    kit = make_kit(1)
    Kit.objects.filter(pk=kit.pk).update(slot_minutes=None)
    client.force_login(cast.manager)
    response = client.post(reverse("interviews:schedule"), schedule_data(kit, cast))
    assert response.status_code == 422
    assert "Choose one of the kits offered: only a kit with a slot is an interview" in (
        response.content.decode()
    )
    assert not Interview.objects.exists()


def test_the_service_refuses_a_kit_without_a_slot_whoever_calls_it(cast):
    kit = make_kit(1)
    Kit.objects.filter(pk=kit.pk).update(slot_minutes=None)
    kit.refresh_from_db()
    with pytest.raises(ValidationError) as refusal:
        make_interview([cast.ada], kit=kit)
    assert refusal.value.messages == [
        "The kit “Kit go-kit” (go-kit) has no slot: it is a collection of the bank, not an "
        "interview. Schedule a kit with a slot."
    ]
    assert not Interview.objects.exists()


def test_the_service_refuses_a_kit_that_no_longer_fits_its_slot(cast):
    kit = make_kit(2)  # two five-minute questions in a ten-minute slot
    kit.entries.filter(position=2).update(minutes=6)
    with pytest.raises(ValidationError) as refusal:
        make_interview([cast.ada], kit=kit)
    assert refusal.value.messages == [
        "The kit “Kit go-kit”: the kit runs 11 minutes (11 of questions, 0 introduction, "
        "0 closing), 1 over its 10-minute slot; shorten or drop a question, or lengthen the "
        "slot."
    ]


def test_interviews_scheduled_on_a_kit_before_it_lost_its_slot_keep_working(client, cast):
    interview = make_interview([cast.ada], kit=make_kit(2))
    Kit.objects.filter(pk=interview.kit_id).update(slot_minutes=None)
    client.force_login(cast.ada)
    page = client.get(reverse("interviews:console", kwargs={"pk": interview.pk}))
    assert page.status_code == 200
    assert "Question 1 of go-kit" in page.content.decode()


def test_only_users_who_may_schedule_see_the_page(client, cast):
    client.force_login(cast.ada)
    assert client.get(reverse("interviews:schedule")).status_code == 403
    client.force_login(cast.manager)
    assert client.get(reverse("interviews:schedule")).status_code == 200


def test_bad_dates_and_emails_are_named(client, cast):
    kit = make_kit(1)
    client.force_login(cast.manager)
    data = schedule_data(kit, cast, scheduled_at="tomorrow-ish", candidate_email="nope")
    body = client.post(reverse("interviews:schedule"), data).content.decode()
    assert "Scheduled at: Enter a valid date/time." in body
    assert "Candidate email: Enter a valid email address." in body


def test_the_same_candidate_email_in_any_case_is_one_candidate(client, cast):
    from interviews.models import Candidate

    kit = make_kit(1)
    client.force_login(cast.manager)
    for email in ("sam@example.com", "SAM@example.com"):
        response = client.post(
            reverse("interviews:schedule"), schedule_data(kit, cast, candidate_email=email)
        )
        assert response.status_code == 302
    assert Candidate.objects.count() == 1
    assert Interview.objects.count() == 2
