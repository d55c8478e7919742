from django.urls import reverse

from tests.interviews.builders import make_interview
from tests.interviews.test_schedule import later


def reschedule(client, interview, when=None):
    when = when or later(24)
    url = reverse("interviews:reschedule", kwargs={"pk": interview.pk})
    return client.post(url, {"scheduled_at": when})


def test_the_lead_moves_an_interview_that_has_not_started(client, cast):
    interview = make_interview([cast.ada, cast.grace], start=False)
    client.force_login(cast.ada)
    page = client.get(reverse("interviews:console", kwargs={"pk": interview.pk})).content
    assert b"Reschedule" in page
    assert reschedule(client, interview).status_code == 302
    interview.refresh_from_db()
    assert interview.scheduled_at.strftime("%Y-%m-%dT%H:%M") == later(24)


def test_a_panelist_who_does_not_lead_cannot(client, cast):
    interview = make_interview([cast.ada, cast.grace], start=False)
    before = interview.scheduled_at
    client.force_login(cast.grace)
    assert (
        b"Reschedule"
        not in client.get(reverse("interviews:console", kwargs={"pk": interview.pk})).content
    )
    response = reschedule(client, interview)
    assert response.status_code == 403
    assert "Only the panel" in response.content.decode()
    interview.refresh_from_db()
    assert interview.scheduled_at == before


def test_a_live_interview_stays_where_it_is(client, cast):
    interview = make_interview([cast.ada], start=True)
    client.force_login(cast.ada)
    response = reschedule(client, interview)
    assert response.status_code == 409
    assert "only one not yet started moves" in response.content.decode()


def test_a_bad_date_is_named(client, cast):
    interview = make_interview([cast.ada], start=False)
    client.force_login(cast.ada)
    response = reschedule(client, interview, when="soon")
    assert response.status_code == 422
    assert "scheduled_at: Enter a valid date/time." in response.content.decode()
