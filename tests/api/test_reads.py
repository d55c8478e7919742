"""Reading through the API: candidates, interviews, loops, submitted scorecards only, reports with
notes only under `notes:read`, the question bank without its answer key."""

import pytest

from interviews.models import Scorecard
from interviews.reports.models import Report, ReportPdf
from tests.reports.builders import make_interview, make_kit, noted_interview, rate, submit

NOTE = "Hesitated on the channel close; private to the panel."


@pytest.fixture
def half_scored(cast):
    """Ada has submitted with a note; Grace's scorecard is still open, with a note of her own."""
    interview = make_interview(kit=make_kit(questions=2), panel=[cast.ada, cast.grace])
    rate(interview, cast.ada, [3, 2], notes={1: NOTE})
    submit(interview, cast.ada)
    rate(interview, cast.grace, [2], notes={1: "Grace's open note"})
    return interview


def test_a_candidate_is_found_by_email_whatever_its_case(api, keys, half_scored):
    email = half_scored.candidate.email
    found = api.get("/candidates", key=keys.read, email=email.upper()).json()["items"]
    assert [c["id"] for c in found] == [half_scored.candidate_id]
    assert api.get("/candidates", key=keys.read, email="no@one.example").json()["items"] == []
    one = api.get(f"/candidates/{half_scored.candidate_id}", key=keys.read).json()
    assert one["email"] == email


def test_an_unknown_candidate_is_a_404_problem(api, keys, db):
    response = api.get("/candidates/999999", key=keys.read)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_an_interview_shows_its_panel_lead_first(api, keys, half_scored, cast):
    body = api.get(f"/interviews/{half_scored.pk}", key=keys.read).json()
    assert body["state"] == "live"
    assert [(p["email"], p["lead"]) for p in body["panel"]] == [
        (cast.ada.email, True),
        (cast.grace.email, False),
    ]
    loop = api.get(f"/loops/{half_scored.loop_id}", key=keys.read).json()
    assert loop["interview_ids"] == [half_scored.pk] and loop["decision"] is None


def test_only_submitted_scorecards_are_read(api, keys, half_scored, cast):
    cards = api.get(f"/interviews/{half_scored.pk}/scorecards", key=keys.full).json()
    assert [c["interviewer_email"] for c in cards] == [cast.ada.email]
    assert "Grace's open note" not in str(cards)
    open_card = Scorecard.objects.get(interview=half_scored, interviewer=cast.grace)
    for key in (keys.read, keys.notes, keys.full):
        assert api.get(f"/scorecards/{open_card.pk}", key=key).status_code == 404


def test_a_scorecard_has_ratings_per_question_and_the_signals_heard(api, keys, half_scored, cast):
    card = Scorecard.objects.get(interview=half_scored, interviewer=cast.ada)
    body = api.get(f"/scorecards/{card.pk}", key=keys.read).json()
    assert [(r["position"], r["level"]) for r in body["ratings"]] == [(1, 3), (2, 2)]
    heard = body["ratings"][0]["signals"]
    assert [s["level"] for s in heard] == [1, 2, 3]
    assert body["recommendation"] == "yes" and body["level"] == "senior"


def test_notes_need_the_notes_scope(api, keys, half_scored, cast):
    card = Scorecard.objects.get(interview=half_scored, interviewer=cast.ada)
    without = api.get(f"/scorecards/{card.pk}", key=keys.read).json()
    assert NOTE not in str(without) and without["ratings"][0]["notes"] is None
    with_notes = api.get(f"/scorecards/{card.pk}", key=keys.notes).json()
    assert with_notes["ratings"][0]["notes"] == NOTE


def test_a_report_shows_its_status_and_notes_only_with_their_scope(api, keys, cast, pdf_stand_in):
    interview, report = noted_interview(cast.ada, cast.grace, NOTE)
    plain = api.get(f"/interviews/{interview.pk}/report", key=keys.read).json()
    assert plain["status"] == "ready" and plain["report_id"] == report.pk
    assert plain["content"]["overall"] == report.content["overall"]
    assert NOTE in str(report.content) and NOTE not in str(plain)
    noted = api.get(f"/interviews/{interview.pk}/report", key=keys.notes).json()
    assert NOTE in str(noted["content"])


def test_the_report_pdf_is_the_stored_one_for_the_keys_scope(api, keys, cast, pdf_stand_in):
    interview, report = noted_interview(cast.ada, cast.grace, NOTE)
    ReportPdf.objects.filter(report=report, variant="managers").update(pdf=b"%PDF managers")
    ReportPdf.objects.filter(report=report, variant="panel").update(pdf=b"%PDF panel")
    plain = api.get(f"/interviews/{interview.pk}/report.pdf", key=keys.read)
    assert plain["Content-Type"] == "application/pdf" and plain.content == b"%PDF managers"
    noted = api.get(f"/interviews/{interview.pk}/report.pdf", key=keys.notes)
    assert noted.content == b"%PDF panel"


def test_an_interview_without_a_report_says_so(api, keys, half_scored):
    body = api.get(f"/interviews/{half_scored.pk}/report", key=keys.read).json()
    assert body["status"] == "none" and body["content"] is None
    assert not Report.objects.exists()
    assert api.get(f"/interviews/{half_scored.pk}/report.pdf", key=keys.read).status_code == 404


def test_kits_and_questions_are_read_without_their_rubric(api, keys, half_scored):
    kit = api.get(f"/kits/{half_scored.kit.slug}", key=keys.read).json()
    assert [q["position"] for q in kit["questions"]] == [1, 2]
    question = api.get(f"/questions/{kit['questions'][0]['question']}", key=keys.read).json()
    assert question["title"] == "Question 1" and question["status"] == "published"
    bank = str(api.get("/questions", key=keys.read).json())
    assert "Senior answer" not in bank and "Signal L" not in bank and "Red flag" not in bank
