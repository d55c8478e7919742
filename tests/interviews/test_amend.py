import pytest
from django.urls import reverse
from django.utils.html import escape

from interviews.models import Amendment, Rating, Scorecard

HTMX = {"HX-Request": "true"}


@pytest.fixture
def submitted(ada_client, interview):
    url = reverse("interviews:rate", kwargs={"pk": interview.pk, "position": 1})
    ada_client.post(url, {"level": 3, "version": 0}, headers=HTMX)
    submit = reverse("interviews:submit", kwargs={"pk": interview.pk})
    ada_client.post(submit, {"recommendation": "yes", "level": "senior"})
    return interview


def amend(client, interview, **data):
    return client.post(reverse("interviews:amend", kwargs={"pk": interview.pk}), data)


def test_it_records_who_when_what_and_why(ada_client, submitted, cast):
    response = amend(ada_client, submitted, target="level", value="staff", reason="Re-read notes")
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    assert amendment.author == cast.ada
    assert amendment.changes == {"level": ["senior", "staff"]}
    assert amendment.reason == "Re-read notes"
    assert Scorecard.objects.get(interviewer=cast.ada).level == "staff"


def test_it_amends_a_question_rating(ada_client, submitted, cast):
    amend(ada_client, submitted, target="1", value="4", reason="Missed a signal")
    rating = Rating.objects.get(scorecard__interviewer=cast.ada, interview_question__position=1)
    assert rating.level == 4
    assert Amendment.objects.get().changes == {"question:1": [3, 4]}


def test_the_rating_keeps_its_level_as_submitted(ada_client, submitted, cast):
    amend(ada_client, submitted, target="1", value="4", reason="Missed a signal")
    amend(ada_client, submitted, target="1", value="1", reason="Overdid it")
    rating = Rating.objects.get(scorecard__interviewer=cast.ada, interview_question__position=1)
    assert (rating.level, rating.submitted_level) == (1, 3)


def test_the_console_offers_the_overall_fields_and_the_interviews_questions(ada_client, submitted):
    page = ada_client.get(reverse("interviews:console", kwargs={"pk": submitted.pk}))
    html = page.content.decode()
    assert '<select name="target" id="amend-target">' in html
    for value, label in [
        ("recommendation", "Recommendation"),
        ("level", "Level"),
        ("summary", "Summary"),
        *((str(position), f"Question {position} rating") for position in (1, 2, 3)),
    ]:
        assert f'<option value="{value}">{label}</option>' in html
    assert 'value="4"' not in html.split('id="amend-target"')[1].split("</select>")[0]


@pytest.mark.parametrize(
    ("target", "value", "message"),
    [
        (
            "level",
            "wizard",
            "value: &#x27;wizard&#x27; is not a level: choose one of below_mid, mid, senior, staff",
        ),
        ("recommendation", "maybe", "value: &#x27;maybe&#x27; is not a recommendation"),
        ("1", "5", "value: question 1: level 5 is outside 1-4"),
        ("submitted_at", "now", "target: submitted_at is not something to amend"),
        ("", "4", "target: This field is required."),
        ("1", "", "value: This field is required."),
        ("level", "senior", "Nothing changed."),
    ],
)
def test_bad_amendments_are_refused_naming_what_is_wrong_and_change_nothing(
    ada_client, submitted, cast, target, value, message
):
    response = amend(ada_client, submitted, target=target, value=value, reason="because")
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Amendment.objects.exists()
    card = Scorecard.objects.get(interviewer=cast.ada)
    assert (card.recommendation, card.level) == ("yes", "senior")
    assert Rating.objects.get(scorecard=card, interview_question__position=1).level == 3


def test_an_unsubmitted_scorecard_is_edited_not_amended(ada_client, interview, cast):
    response = amend(ada_client, interview, target="level", value="staff", reason="x")
    # Not bad input: the scorecard's state refuses it (docs/htmx.md's 409).
    assert response.status_code == 409
    assert "Only a submitted scorecard is amended" in response.content.decode()
    assert not Amendment.objects.exists()
    assert Scorecard.objects.get(interviewer=cast.ada).level == ""


def test_with_htmx_an_unsubmitted_scorecard_is_a_409_in_the_problems_area(ada_client, interview):
    url = reverse("interviews:amend", kwargs={"pk": interview.pk})
    data = {"target": "level", "value": "staff", "reason": "x"}
    response = ada_client.post(url, data, headers=HTMX)
    assert response.status_code == 409
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("#problems", "innerHTML")
    assert "Only a submitted scorecard is amended" in response.content.decode()


@pytest.mark.parametrize(
    "target",
    [
        "99",  # not a question of this interview
        "0",
        "99999",
        "question:1",  # the string protocol of before
        "\uff11",  # a full-width 1
        "\u0661",  # an Arabic-Indic 1
        "+1",
        "-1",
        " 1",
        "01",
        "0_1",
        "1.0",
    ],
)
def test_a_question_is_one_of_the_interviews_positions_or_refused_by_name(
    ada_client, submitted, cast, target
):
    response = amend(ada_client, submitted, target=target, value="4", reason="x")
    assert response.status_code == 422
    assert f"target: {escape(target)} is not something to amend" in response.content.decode()
    assert not Amendment.objects.exists()
    rating = Rating.objects.get(scorecard__interviewer=cast.ada, interview_question__position=1)
    assert rating.level == 3


def test_a_level_in_other_digits_is_refused(ada_client, submitted):
    for value in ("\uff14", "+4", "4.0", "0_4"):
        response = amend(ada_client, submitted, target="1", value=value, reason="x")
        assert response.status_code == 422
        assert "is outside 1-4" in response.content.decode()
    assert not Amendment.objects.exists()


def submit_as(client, user, interview, level=3):
    client.force_login(user)
    rate = reverse("interviews:rate", kwargs={"pk": interview.pk, "position": 1})
    client.post(rate, {"level": level, "version": 0}, headers=HTMX)
    client.post(
        reverse("interviews:submit", kwargs={"pk": interview.pk}),
        {"recommendation": "yes", "level": "senior"},
    )


def test_it_records_whether_another_scorecard_could_be_read_first(client, interview, cast):
    submit_as(client, cast.ada, interview)
    amend(client, interview, target="level", value="staff", reason="Slept on it")
    submit_as(client, cast.grace, interview, level=1)
    client.force_login(cast.ada)
    amend(client, interview, target="1", value="2", reason="Grace heard less")
    before, after = Amendment.objects.order_by("id")
    assert (before.changes, before.after_reading) == ({"level": ["senior", "staff"]}, False)
    assert (after.changes, after.after_reading) == ({"question:1": [3, 2]}, True)


def test_a_draft_colleague_does_not_count_as_read(client, interview, cast):
    client.force_login(cast.grace)
    notes = reverse("interviews:notes", kwargs={"pk": interview.pk, "position": 1})
    client.post(notes, {"notes": "still typing", "version": 0}, headers=HTMX)
    submit_as(client, cast.ada, interview)
    amend(client, interview, target="recommendation", value="no", reason="Changed my mind")
    assert Amendment.objects.get().after_reading is False


def test_amending_a_completed_interview_rebuilds_its_report(
    client, interview, cast, django_capture_on_commit_callbacks
):
    from interviews.reports.models import Report, ReportRequest

    for user in (cast.ada, cast.grace):
        client.force_login(user)
        rate = reverse("interviews:rate", kwargs={"pk": interview.pk, "position": 1})
        client.post(rate, {"level": 3, "version": 0}, headers=HTMX)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("interviews:submit", kwargs={"pk": interview.pk}),
                {"recommendation": "yes", "level": "senior"},
            )
    assert ReportRequest.objects.get(interview=interview).status == "ready"
    with django_capture_on_commit_callbacks(execute=True):
        amend(client, interview, target="1", value="4", reason="Missed a signal")
    rebuild = ReportRequest.objects.filter(interview=interview).order_by("id").last()
    assert (rebuild.reason, rebuild.status) == ("rebuild", "ready")
    assert Report.objects.filter(interview=interview).count() == 2  # new inputs, new report
