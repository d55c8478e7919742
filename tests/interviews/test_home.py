from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from interviews.models import Interview
from tests.interviews.builders import make_interview, make_kit


def test_it_lists_the_interviewers_interviews_today_first(client, cast):
    kit = make_kit(1)
    past = make_interview([cast.ada], kit=kit)
    today = make_interview([cast.ada], kit=kit)
    Interview.objects.filter(pk=past.pk).update(scheduled_at=timezone.now() - timedelta(days=3))
    Interview.objects.filter(pk=today.pk).update(scheduled_at=timezone.now())
    client.force_login(cast.ada)
    body = client.get(reverse("interviews:home")).content.decode()
    assert body.index(f"/i/{today.pk}/") < body.index(f"/i/{past.pk}/")
    assert "0 of 1 rated" in body


def test_an_interviewer_sees_only_their_own_interviews(client, cast):
    adas = make_interview([cast.ada])
    client.force_login(cast.grace)
    body = client.get(reverse("interviews:home")).content.decode()
    assert f"/i/{adas.pk}/" not in body
    assert "not on any interview panel" in body


def test_the_home_page_runs_a_constant_number_of_queries(
    client, cast, django_assert_max_num_queries
):
    kit = make_kit(2)
    for _ in range(10):
        make_interview([cast.ada, cast.grace], kit=kit)
    client.force_login(cast.ada)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("interviews:home")).status_code == 200


def test_a_hiring_manager_sees_every_interview_and_the_schedule_link(client, cast):
    interview = make_interview([cast.ada])
    client.force_login(cast.manager)
    body = client.get(reverse("interviews:home")).content.decode()
    assert "Schedule an interview" in body
    assert "0 of 1 submitted" in body
    assert interview.candidate.name in body
