import pytest
from django.urls import reverse
from django.utils import timezone

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


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("candidate_name", "Sam\r\nBcc: all@example.com"),
        ("candidate_name", "Sam\u2028Candidate"),
        ("candidate_name", "Sam\x1b[31mCandidate"),
        ("candidate_email", "sam@example.com\nBcc: all@example.com"),
    ],
)
def test_a_name_or_email_with_control_characters_is_refused_naming_the_field(
    client, cast, field, value
):
    kit = make_kit(1)
    client.force_login(cast.manager)
    response = client.post(
        reverse("interviews:schedule"), schedule_data(kit, cast, **{field: value})
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert field in errors, errors
    assert "without control characters" in str(errors[field]) or field == "candidate_email"
    assert not Interview.objects.exists()


def test_the_model_and_the_service_refuse_control_characters_too(cast):
    from django.core.exceptions import ValidationError

    from interviews.models import Candidate
    from interviews.services import interview_schedule

    with pytest.raises(ValidationError) as refused:
        Candidate(name="Sam\nCandidate", email="sam@example.com").full_clean()
    assert "name" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        interview_schedule(
            candidate_name="Sam\rCandidate",
            candidate_email="sam@example.com",
            kit=make_kit(1),
            scheduled_at=timezone.now(),
            panel=[cast.ada],
            lead=cast.ada,
        )
    assert "candidate_name" in refused.value.message_dict
    assert not Candidate.objects.exists()


def test_unicode_names_on_one_line_are_welcome(client, cast):
    kit = make_kit(1)
    client.force_login(cast.manager)
    name = "Zoë Ødegård-Nakamura 中村"
    response = client.post(
        reverse("interviews:schedule"), schedule_data(kit, cast, candidate_name=name)
    )
    assert response.status_code == 302
    assert Interview.objects.get().candidate.name == name
