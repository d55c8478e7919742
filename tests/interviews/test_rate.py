import json

from django.urls import reverse

from interviews.models import Rating
from interviews.services import scorecard_submit
from tests.interviews.builders import make_interview

HTMX = {"HX-Request": "true"}


def rate_url(interview, position=1):
    return reverse("interviews:rate", kwargs={"pk": interview.pk, "position": position})


def rating_of(user, position=1) -> Rating:
    return Rating.objects.get(scorecard__interviewer=user, interview_question__position=position)


def test_it_saves_a_rating_and_returns_the_new_version(ada_client, interview, cast):
    response = ada_client.post(rate_url(interview), {"level": 3, "version": 0}, headers=HTMX)
    assert response.status_code == 200
    assert 'data-version="1"' in response.content.decode()
    # The console's saver reads the new version from the event, not from the HTML.
    saved = {"position": 1, "part": "level", "version": 1}
    assert json.loads(response["HX-Trigger"]) == {"rating-saved": saved}
    rating = rating_of(cast.ada)
    assert (rating.level, rating.level_version) == (3, 1)


def test_without_htmx_it_redirects_back_to_the_console(ada_client, interview, cast):
    response = ada_client.post(rate_url(interview), {"level": 2, "version": 0})
    assert response.status_code == 302
    assert response.url == reverse("interviews:console", kwargs={"pk": interview.pk})
    assert rating_of(cast.ada).level == 2


def test_a_double_click_is_harmless(ada_client, interview, cast):
    first = ada_client.post(rate_url(interview), {"level": 3, "version": 0}, headers=HTMX)
    second = ada_client.post(rate_url(interview), {"level": 3, "version": 0}, headers=HTMX)
    assert first.status_code == 200
    # The same value on the same version again (a double click, a retry after a lost answer) is
    # already saved: it answers with the stored version and writes nothing more.
    assert second.status_code == 200
    assert 'data-version="1"' in second.content.decode()
    assert Rating.objects.filter(scorecard__interviewer=cast.ada, level=3).count() == 1
    assert rating_of(cast.ada).level_version == 1


def test_an_older_version_from_another_tab_is_refused_with_both_values(ada_client, interview, cast):
    ada_client.post(rate_url(interview), {"level": 4, "version": 0}, headers=HTMX)
    stale = ada_client.post(rate_url(interview), {"level": 2, "version": 0}, headers=HTMX)
    assert stale.status_code == 409
    body = stale.content.decode()
    assert 'data-conflict="level"' in body
    assert '<dd class="conflict-yours">2</dd>' in body
    assert '<dd class="conflict-stored">4</dd>' in body
    assert rating_of(cast.ada).level == 4


def test_a_conflict_says_where_it_goes_and_names_its_event(ada_client, interview):
    ada_client.post(rate_url(interview), {"level": 4, "version": 0}, headers=HTMX)
    stale = ada_client.post(rate_url(interview), {"level": 2, "version": 0}, headers=HTMX)
    assert (stale["HX-Retarget"], stale["HX-Reswap"]) == ("#conflicts-1", "innerHTML")
    # The saver holds the part on this event (docs/htmx.md), not on anything in the HTML, and
    # "Keep mine" sends it again on the stored version the event names.
    conflict = {"position": 1, "part": "level", "stored_version": 1}
    assert json.loads(stale["HX-Trigger"]) == {"rating-conflict": conflict}


def test_without_htmx_a_conflict_is_the_console_with_a_409_and_the_stored_value(
    ada_client, interview, cast
):
    ada_client.post(rate_url(interview), {"level": 4, "version": 0})
    stale = ada_client.post(rate_url(interview), {"level": 2, "version": 0})
    assert stale.status_code == 409  # not a redirect: the refusal keeps its status
    body = stale.content.decode()
    assert '<main id="main"' in body  # the page, never a bare fragment
    assert "Not saved: Changed elsewhere: the stored level is at version 1." in body
    assert 'aria-pressed="true"' in body  # the page shows the stored level
    assert "HX-Retarget" not in stale
    assert rating_of(cast.ada).level == 4


def test_keeping_mine_after_a_conflict_saves_on_the_stored_version(ada_client, interview, cast):
    ada_client.post(rate_url(interview), {"level": 4, "version": 0}, headers=HTMX)
    response = ada_client.post(rate_url(interview), {"level": 2, "version": 1}, headers=HTMX)
    assert response.status_code == 200
    assert rating_of(cast.ada).level == 2


def test_a_level_of_5_is_refused_and_changes_nothing(ada_client, interview, cast):
    response = ada_client.post(rate_url(interview), {"level": 5, "version": 0}, headers=HTMX)
    assert response.status_code == 422
    assert "level: levels are 1-4" in response.content.decode()
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("#problems", "innerHTML")
    assert rating_of(cast.ada).level is None


def test_numbers_are_read_in_ascii_digits_only(ada_client, interview, cast):
    for level, version in (("\uff12", "0"), ("2", "\u0660"), ("+2", "0"), ("2", "0_0")):
        data = {"level": level, "version": version}
        response = ada_client.post(rate_url(interview), data, headers=HTMX)
        assert response.status_code == 422
        assert "Enter a whole number." in response.content.decode()
    signals = reverse("interviews:signals", kwargs={"pk": interview.pk, "position": 1})
    response = ada_client.post(signals, {"signal": ["\uff11"], "version": 0}, headers=HTMX)
    assert response.status_code == 422
    assert rating_of(cast.ada).level is None


def test_a_missing_field_is_named(ada_client, interview):
    response = ada_client.post(rate_url(interview), {"version": 0}, headers=HTMX)
    assert response.status_code == 422
    assert "level: This field is required." in response.content.decode()
    response = ada_client.post(rate_url(interview), {"level": 2}, headers=HTMX)
    assert "version: This field is required." in response.content.decode()


def test_a_question_not_in_this_interview_is_a_404_with_a_message(ada_client, interview):
    response = ada_client.post(rate_url(interview, 99), {"level": 2, "version": 0}, headers=HTMX)
    assert response.status_code == 404
    assert "Question 99 is not part of this interview." in response.content.decode()
    assert response["HX-Retarget"] == "#problems"


def test_a_submitted_scorecard_takes_no_more_ratings(ada_client, cast):
    interview = make_interview([cast.ada, cast.grace], questions=1)
    ada_client.post(rate_url(interview), {"level": 3, "version": 0}, headers=HTMX)
    scorecard = rating_of(cast.ada).scorecard
    scorecard_submit(scorecard=scorecard, recommendation="yes", level="senior", summary="")
    response = ada_client.post(rate_url(interview), {"level": 1, "version": 1}, headers=HTMX)
    assert response.status_code == 409
    assert "submitted and locked" in response.content.decode()
    assert response["HX-Retarget"] == "#problems"
    assert "HX-Trigger" not in response  # not a conflict the panelist can resolve
    assert rating_of(cast.ada).level == 3


def test_a_scheduled_interview_must_be_started_first(ada_client, cast):
    interview = make_interview([cast.ada], start=False)
    response = ada_client.post(rate_url(interview), {"level": 3, "version": 0}, headers=HTMX)
    assert response.status_code == 409
    assert "has not started" in response.content.decode()


def test_skipping_needs_a_reason_and_clears_the_level(ada_client, interview, cast):
    url = reverse("interviews:skip", kwargs={"pk": interview.pk, "position": 1})
    ada_client.post(rate_url(interview), {"level": 3, "version": 0}, headers=HTMX)
    refused = ada_client.post(url, {"reason": "", "version": 1}, headers=HTMX)
    assert refused.status_code == 422
    assert "reason: a skipped question needs a reason" in refused.content.decode()
    assert refused["HX-Retarget"] == "#problems"
    assert rating_of(cast.ada).level == 3
    response = ada_client.post(url, {"reason": "ran out of time", "version": 1}, headers=HTMX)
    assert response.status_code == 200
    rating = rating_of(cast.ada)
    assert (rating.level, rating.skipped, rating.skip_reason) == (None, True, "ran out of time")


def test_panelists_rate_independently(ada_client, client, interview, cast):
    ada_client.post(rate_url(interview), {"level": 4, "version": 0}, headers=HTMX)
    client.force_login(cast.grace)
    response = client.post(rate_url(interview), {"level": 1, "version": 0}, headers=HTMX)
    assert response.status_code == 200
    assert rating_of(cast.ada).level == 4
    assert rating_of(cast.grace).level == 1
