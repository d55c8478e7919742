"""The consolidated export of a candidate's scorecards (JSON and CSV), for audits."""

import csv
import io
import json

from django.urls import reverse

from interviews.models import Loop
from interviews.services import scorecard_amend
from tests.reports.builders import (
    enqueue_disabled,
    make_interview,
    make_kit,
    rate_and_submit,
    scorecard_of,
)

NOTE = "Privatenote kept to the panel"


def candidate_with_two_interviews(cast):
    kit = make_kit(questions=2)
    first = make_interview(kit=kit, panel=[cast.ada, cast.grace], candidate="=1+1 Casey")
    with enqueue_disabled():
        rate_and_submit(first, {cast.ada: ([3, "skip"], {1: NOTE}), cast.grace: [2, 4]})
    # The same candidate interviewed again, in a loop of their own.
    second = make_interview(
        kit=kit, panel=[cast.grace], loop=Loop.objects.create(candidate=first.candidate)
    )
    with enqueue_disabled():
        rate_and_submit(second, {cast.grace: [1, 3]})
    scorecard_amend(
        scorecard=scorecard_of(first, cast.grace),
        author=cast.grace,
        ratings={1: 3},
        reason="Re-read my notes",
    )
    return first.candidate


def export(client, user, candidate, fmt):
    client.force_login(user)
    return client.get(reverse(f"reports:scorecards_{fmt}", args=[candidate.pk]))


def test_the_json_export_has_every_submitted_scorecard(client, cast):
    candidate = candidate_with_two_interviews(cast)
    response = export(client, cast.manager, candidate, "json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    assert document["candidate"]["name"] == candidate.name
    cards = document["scorecards"]
    assert len(cards) == 3
    assert {card["interviewer_username"] for card in cards} == {"ada", "grace"}
    ada = next(card for card in cards if card["interviewer_username"] == "ada")
    assert ada["ratings"][0]["level"] == 3
    assert ada["ratings"][0]["signals_heard"] == [
        "Signal L1 of question 1",
        "Signal L2 of question 1",
        "Signal L3 of question 1",
    ]
    assert ada["ratings"][1]["skipped"] is True
    amended = [card for card in cards if card["amendments"]]
    assert amended[0]["amendments"][0]["reason"] == "Re-read my notes"
    assert amended[0]["amendments"][0]["changes"] == {"question:1": [2, 3]}
    assert amended[0]["amendments"][0]["after_reading"] is True  # Ada had submitted first
    assert NOTE not in response.content.decode()


def test_the_csv_export_has_one_row_per_rating(client, cast):
    candidate = candidate_with_two_interviews(cast)
    response = export(client, cast.manager, candidate, "csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 6  # 3 scorecards x 2 questions
    assert {row["interviewer"].split()[0] for row in rows} == {"Ada", "Grace"}
    assert {row["rating"] for row in rows} == {"1", "3", "4", ""}  # Grace's 2 was amended to 3
    # A cell a spreadsheet would run as a formula is neutralised.
    assert {row["candidate"] for row in rows} == {"'=1+1 Casey"}
    assert NOTE not in response.content.decode()


def test_spreadsheet_formulas_are_neutralised(client, cast):
    from interviews.reports.views import spreadsheet_safe

    assert spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheet_safe("+1") == "'+1"
    assert spreadsheet_safe("plain") == "plain"
    assert spreadsheet_safe(3) == "3"


def test_only_hiring_managers_export(client, cast):
    candidate = candidate_with_two_interviews(cast)
    for user in (cast.ada, cast.grace, cast.curator):
        assert export(client, user, candidate, "json").status_code == 404
        assert export(client, user, candidate, "csv").status_code == 404


def test_a_manager_on_the_panel_sees_nothing_of_it_until_their_own_scorecard_is_in(client, cast):
    from django.contrib.auth.models import Group

    from config.roles import INTERVIEWER
    from tests.reports.builders import rate, submit

    cast.manager.groups.add(Group.objects.get(name=INTERVIEWER))
    interview = make_interview(kit=make_kit(questions=2), panel=[cast.ada, cast.manager])
    with enqueue_disabled():
        rate_and_submit(interview, {cast.ada: ([3, 2], {1: NOTE})})
    document = json.loads(export(client, cast.manager, interview.candidate, "json").content)
    assert document["scorecards"] == []
    with enqueue_disabled():
        rate(interview, cast.manager, [2, 2])
        submit(interview, cast.manager)
    document = json.loads(export(client, cast.manager, interview.candidate, "json").content)
    assert {card["interviewer_username"] for card in document["scorecards"]} == {"ada", "mira"}
