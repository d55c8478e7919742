from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from config.numbers import fullwidth
from interviews.models import Candidate, Interview, Loop, LoopDecision, Rating
from questionbank.models import Kit, Question
from questionbank.services import question_retire
from tests.interviews.builders import make_interview, make_kit

PLAN_FIELDS = ("kit", "scheduled_at", "panel", "lead")


def later(days: int, hour: int = 10) -> str:
    """A start time `days` from today at `hour`, as the form's datetime-local input sends it:
    a start in the past is refused."""
    day = timezone.localdate() + timedelta(days=days)
    return f"{day:%Y-%m-%d}T{hour:02d}:00"


def loop_data(candidate: dict, plans: list[dict]) -> dict:
    """The schedule page's POST: the candidate, and its interviews as a formset (3 rows)."""
    data = candidate | {
        "interviews-TOTAL_FORMS": "3",
        "interviews-INITIAL_FORMS": "0",
        "interviews-MIN_NUM_FORMS": "1",
        "interviews-MAX_NUM_FORMS": "8",
    }
    for index, plan in enumerate(plans):
        data |= {f"interviews-{index}-{name}": value for name, value in plan.items()}
    return data


def schedule_data(kit, cast, **overrides):
    """One interview: the fields of the old single-interview form, as a loop of one."""
    fields = {
        "candidate_name": "Sam Candidate",
        "candidate_email": "Sam@Example.com",
        "kit": kit.pk,
        "scheduled_at": later(1),
        "panel": [cast.ada.pk, cast.grace.pk],
        "lead": cast.ada.pk,
    } | overrides
    plan = {name: fields.pop(name) for name in PLAN_FIELDS}
    return loop_data(fields, [plan])


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
    assert list(page.context["plans"].forms[0].fields["kit"].queryset) == [interview_kit]
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
    assert "Interview 1, scheduled at: Enter a valid date/time." in body
    assert "Candidate email: Enter a valid email address." in body


def test_the_same_candidate_email_in_any_case_is_one_candidate(client, cast):
    from interviews.models import Candidate

    kit = make_kit(1)
    client.force_login(cast.manager)
    for day, email in enumerate(("sam@example.com", "SAM@example.com"), start=1):
        response = client.post(
            reverse("interviews:schedule"),
            schedule_data(kit, cast, candidate_email=email, scheduled_at=later(day)),
        )
        assert response.status_code == 302
        # decided, so that the next loop is not refused as a second open one
        LoopDecision.objects.create(
            loop=Loop.objects.latest("pk"),
            outcome="no_hire",
            reason="Not this time.",
            decided_by=cast.manager,
            decided_at=timezone.now(),
        )
    assert Candidate.objects.count() == 1
    assert Interview.objects.count() == 2


def test_a_loop_of_several_interviews_each_with_its_kit_time_and_panel(client, cast):
    first, second = make_kit(2, slug="first"), make_kit(1, slug="second")
    client.force_login(cast.manager)
    data = loop_data(
        {"candidate_name": "Sam", "candidate_email": "sam@example.com", "role": "Senior Go"},
        [
            {
                "kit": first.pk,
                "scheduled_at": later(1),
                "panel": [cast.ada.pk],
                "lead": cast.ada.pk,
            },
            {
                "kit": second.pk,
                "scheduled_at": later(2),
                "panel": [cast.grace.pk],
                "lead": cast.grace.pk,
            },
        ],
    )
    assert client.post(reverse("interviews:schedule"), data).status_code == 302
    loop = Loop.objects.get()
    assert loop.role == "Senior Go"
    assert [(i.kit.slug, i.panelists.get().user) for i in loop.interviews.order_by("pk")] == [
        ("first", cast.ada),
        ("second", cast.grace),
    ]
    assert {i.candidate_id for i in loop.interviews.all()} == {loop.candidate_id}


def test_one_bad_interview_refuses_the_whole_loop_and_names_it(client, cast):
    good, bad = make_kit(1, slug="good"), make_kit(2, slug="bad")
    question_retire(question=bad.questions.get(slug="bad-q2"))
    client.force_login(cast.manager)
    data = loop_data(
        {"candidate_name": "Sam", "candidate_email": "sam@example.com"},
        [
            {
                "kit": good.pk,
                "scheduled_at": later(1),
                "panel": [cast.ada.pk],
                "lead": cast.ada.pk,
            },
            {
                "kit": bad.pk,
                "scheduled_at": later(2),
                "panel": [cast.ada.pk],
                "lead": cast.ada.pk,
            },
        ],
    )
    response = client.post(reverse("interviews:schedule"), data)
    assert response.status_code == 422
    assert (
        "Interview 2: The kit “Kit bad” holds a retired question: bad-q2 (“Question 2 of bad”)."
        in response.content.decode()
    )
    assert not Loop.objects.exists() and not Interview.objects.exists()


def test_a_loop_needs_at_least_one_interview(client, cast):
    client.force_login(cast.manager)
    data = loop_data({"candidate_name": "Sam", "candidate_email": "sam@example.com"}, [])
    response = client.post(reverse("interviews:schedule"), data)
    assert response.status_code == 422
    assert "Please submit at least 1 form." in response.content.decode()
    assert not Loop.objects.exists()


def test_more_interviews_join_an_existing_loop(client, cast):
    kit = make_kit(1)
    client.force_login(cast.manager)
    client.post(reverse("interviews:schedule"), schedule_data(kit, cast))
    loop = Loop.objects.get()
    plan = {
        "kit": kit.pk,
        "scheduled_at": later(3),
        "panel": [cast.grace.pk],
        "lead": cast.grace.pk,
    }
    data = loop_data({}, [plan])
    response = client.post(reverse("interviews:loop_schedule_more", args=[loop.pk]), data)
    assert response.status_code == 302
    assert loop.interviews.count() == 2
    assert Loop.objects.count() == 1


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


@pytest.mark.parametrize(
    ("field", "value", "found"),
    [
        ("candidate_name", "Eve \u202egnp.exe", "\\u202e"),  # right-to-left override
        ("candidate_name", "Sam\u200dCandidate", "\\u200d"),  # zero-width joiner
        ("candidate_name", "\ufeffSam \u2066Candidate\u2069", "\\u2066, \\u2069, \\ufeff"),
        ("role", "Senior Go \u200bengineer", "\\u200b"),  # zero-width space
    ],
)
def test_invisible_format_characters_are_refused_naming_them(client, cast, field, value, found):
    kit = make_kit(1)
    client.force_login(cast.manager)
    response = client.post(
        reverse("interviews:schedule"), schedule_data(kit, cast, **{field: value})
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert str(errors[field][0]) == (
        "must not contain invisible formatting characters such as direction overrides "
        f"or zero-width joiners (found {found})"
    )
    assert not Interview.objects.exists()


@pytest.mark.parametrize("field", ["kit", "lead", "panel"])
def test_a_kit_or_person_given_in_other_digits_is_refused(client, cast, field):
    kit = make_kit(1)
    client.force_login(cast.manager)
    data = schedule_data(kit, cast)
    ids = {"kit": kit.pk, "lead": cast.ada.pk, "panel": cast.ada.pk}
    key = next(name for name in data if name.endswith(f"-{field}"))
    data[key] = (
        [fullwidth(ids[field]), str(cast.grace.pk)] if field == "panel" else fullwidth(ids[field])
    )
    response = client.post(reverse("interviews:schedule"), data)
    assert response.status_code == 422
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
