from django.urls import reverse

from interviews.models import Interview, Rating, Scorecard

HTMX = {"HX-Request": "true"}


def submit_url(interview):
    return reverse("interviews:submit", kwargs={"pk": interview.pk})


def rate(client, interview, position, level, version=0):
    url = reverse("interviews:rate", kwargs={"pk": interview.pk, "position": position})
    return client.post(url, {"level": level, "version": version}, headers=HTMX)


def scorecard_of(user) -> Scorecard:
    return Scorecard.objects.get(interviewer=user)


def test_it_says_exactly_what_is_missing(ada_client, interview, cast):
    response = ada_client.post(submit_url(interview), {}, headers=HTMX)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Question 1 (Question 1 of go-kit): rate it or skip it with a reason" in body
    assert "Choose an overall recommendation" in body
    assert "Choose a level" in body
    assert scorecard_of(cast.ada).submitted_at is None


def test_unasked_questions_are_not_required(ada_client, interview, cast):
    rate(ada_client, interview, 1, 3)
    data = {"recommendation": "yes", "level": "senior", "summary": "Solid."}
    response = ada_client.post(submit_url(interview), data)
    assert response.status_code == 302
    scorecard = scorecard_of(cast.ada)
    assert scorecard.submitted_at is not None
    assert (scorecard.recommendation, scorecard.level, scorecard.summary) == (
        "yes",
        "senior",
        "Solid.",
    )


def test_an_opened_question_must_be_rated_or_skipped(ada_client, interview):
    rate(ada_client, interview, 1, 3)
    go = reverse("interviews:go", kwargs={"pk": interview.pk})
    ada_client.post(go, {"position": 2})
    response = ada_client.post(submit_url(interview), {"recommendation": "yes", "level": "mid"})
    assert response.status_code == 422
    assert "Question 2 (Question 2 of go-kit): rate it or skip it" in response.content.decode()


def test_an_unknown_recommendation_is_named(ada_client, interview):
    rate(ada_client, interview, 1, 3)
    response = ada_client.post(submit_url(interview), {"recommendation": "maybe", "level": "mid"})
    assert response.status_code == 422
    assert "recommendation: Select a valid choice." in response.content.decode()


def test_with_htmx_a_successful_submit_reloads_the_console(ada_client, interview):
    rate(ada_client, interview, 1, 3)
    data = {"recommendation": "strong_yes", "level": "staff"}
    response = ada_client.post(submit_url(interview), data, headers=HTMX)
    assert response.status_code == 200  # django-htmx's HttpResponseClientRedirect
    assert response["HX-Redirect"] == reverse("interviews:console", kwargs={"pk": interview.pk})


def test_submitting_twice_is_harmless(ada_client, interview, cast):
    rate(ada_client, interview, 1, 3)
    data = {"recommendation": "yes", "level": "senior"}
    ada_client.post(submit_url(interview), data)
    first = scorecard_of(cast.ada).submitted_at
    ada_client.post(submit_url(interview), {"recommendation": "no", "level": "mid"})
    scorecard = scorecard_of(cast.ada)
    assert scorecard.submitted_at == first
    assert scorecard.recommendation == "yes"


def test_the_interview_completes_when_every_panelist_has_submitted(client, interview, cast):
    data = {"recommendation": "yes", "level": "senior"}
    for user in (cast.ada, cast.grace):
        client.force_login(user)
        rate(client, interview, 1, 3)
        client.post(submit_url(interview), data)
        interview.refresh_from_db()
        expected = Interview.State.COMPLETED if user == cast.grace else Interview.State.LIVE
        assert interview.state == expected
    assert interview.completed_at is not None


def test_it_hides_other_scorecards_until_submitted(client, interview, cast):
    client.force_login(cast.grace)
    notes = reverse("interviews:notes", kwargs={"pk": interview.pk, "position": 1})
    client.post(notes, {"notes": "Grace private observation", "version": 0}, headers=HTMX)
    rate(client, interview, 1, 2)
    client.post(submit_url(interview), {"recommendation": "no", "level": "mid"})

    client.force_login(cast.ada)
    console = reverse("interviews:console", kwargs={"pk": interview.pk})
    assert "Grace private observation" not in client.get(console).content.decode()
    rate(client, interview, 1, 4)
    client.post(submit_url(interview), {"recommendation": "yes", "level": "senior"})
    page = client.get(console).content.decode()
    assert "Grace private observation" in page
    assert "The panel's scorecards" in page


def test_a_submitted_panelist_sees_unsubmitted_colleagues_only_as_still_scoring(
    client, interview, cast
):
    client.force_login(cast.grace)
    notes = reverse("interviews:notes", kwargs={"pk": interview.pk, "position": 1})
    client.post(notes, {"notes": "in progress thought", "version": 0}, headers=HTMX)
    client.force_login(cast.ada)
    rate(client, interview, 1, 4)
    client.post(submit_url(interview), {"recommendation": "yes", "level": "senior"})
    page = client.get(reverse("interviews:console", kwargs={"pk": interview.pk})).content.decode()
    assert "still scoring" in page
    assert "in progress thought" not in page


def test_time_on_a_question_is_kept_when_submitting(ada_client, interview, cast):
    rate(ada_client, interview, 1, 3)
    ada_client.post(submit_url(interview), {"recommendation": "yes", "level": "senior"})
    rating = Rating.objects.get(scorecard__interviewer=cast.ada, interview_question__position=1)
    assert rating.seconds_spent >= 0
    assert scorecard_of(cast.ada).panelist.focus_started_at is None
