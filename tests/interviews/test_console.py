import re

from django.urls import reverse

from interviews.models import Rating
from tests.interviews.builders import make_interview, make_kit


def console_url(interview):
    return reverse("interviews:console", kwargs={"pk": interview.pk})


def test_it_shows_the_current_question_with_its_rubric(ada_client, interview):
    page = ada_client.get(console_url(interview)).content.decode()
    assert "Question 1 of go-kit" in page
    assert "A senior answer." in page
    assert "Names part A of 1" in page
    assert "Confuses 1 with something else" in page
    assert "What if it blocks?" in page
    assert 'class="highlight"' in page  # Go code is highlighted


def test_it_lists_every_question_in_the_outline(ada_client, interview):
    page = ada_client.get(console_url(interview)).content.decode()
    for position in (1, 2, 3):
        assert f"Question {position} of go-kit" in page


def test_it_offers_to_start_a_scheduled_interview(ada_client, cast):
    interview = make_interview([cast.ada], start=False)
    page = ada_client.get(console_url(interview)).content.decode()
    assert "Start interview" in page
    response = ada_client.post(reverse("interviews:start", kwargs={"pk": interview.pk}))
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.state == "live"


def test_it_shows_a_stored_rating_as_chosen(ada_client, interview, cast):
    Rating.objects.filter(scorecard__interviewer=cast.ada, interview_question__position=1).update(
        level=3, level_version=1
    )
    page = ada_client.get(console_url(interview)).content.decode()
    chosen = re.findall(r'data-level="(\d)"\s+aria-pressed="true"', page)
    assert chosen == ["3"]


def test_it_moves_to_another_question(ada_client, interview):
    url = reverse("interviews:go", kwargs={"pk": interview.pk})
    response = ada_client.post(url, {"position": 2}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'id="workspace"' in response.content.decode()
    assert "Question 2 of go-kit" in response.content.decode()
    page = ada_client.get(console_url(interview)).content.decode()
    assert 'data-position="2"' in page


def test_moving_to_a_question_not_in_the_kit_is_invalid_input_shown_in_the_problems(
    ada_client, interview
):
    url = reverse("interviews:go", kwargs={"pk": interview.pk})
    response = ada_client.post(url, {"position": 99}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "Question 99 is not part of this interview." in response.content.decode()
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("#problems", "innerHTML")


CRIB = "Hear: the P is handed off.\nProbe: and an idle P?\nRed flag: <one thread each>.\n"


def test_a_question_opens_with_its_crib_and_folds_the_guidance_under_it(ada_client, cast):
    kit = make_kit(2, crib=CRIB, starter_code="package main\n", language="go")
    page = ada_client.get(console_url(make_interview([cast.ada], kit=kit))).content.decode()
    question = page[page.index('id="question-title"') :]
    crib = question.index('class="crib"')
    guidance = question.index('<details class="guidance">')  # folded: no "open"
    prompt = question.index('class="prose prompt"')
    assert crib < guidance < prompt
    assert "Hear: the P is handed off.<br>Probe: and an idle P?<br>" in question
    assert "Red flag: &lt;one thread each&gt;." in question  # plain text, escaped
    assert "Listen for the runtime details." in question[guidance:prompt]
    assert '<details class="starter-code">' in question and "package main" in question


def test_without_a_crib_the_guidance_stays_open_as_before(ada_client, interview):
    page = ada_client.get(console_url(interview)).content.decode()
    assert 'class="crib"' not in page
    assert '<details class="guidance" open>' in page
