from django.urls import reverse

from interviews.models import Interview, Rating
from questionbank.services import question_retire
from tests.interviews.builders import make_kit


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
    assert "These kit questions are not published: go-kit-q2" in response.content.decode()
    assert not Interview.objects.exists()


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
