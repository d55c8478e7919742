"""The report page: who reads it, what each reader sees, and the polled status partial."""

import re

import pytest
from django.urls import reverse

from interviews.reports import services
from interviews.reports.models import ReportRequest
from tests import factories
from tests.reports.builders import (
    AMEND_AFTER_READING,
    AMEND_ALONE,
    amended_interview,
    completed_interview,
    enqueue_disabled,
    make_interview,
    make_kit,
    open_request,
    rate,
    rate_and_submit,
    submit,
)

# Not about PDFs (test_report_pdf.py, test_documents.py): the builds store stand-ins.
pytestmark = pytest.mark.usefixtures("pdf_stand_in")

NOTE = "Candidate hesitated on the P handoff; private panel note."


@pytest.fixture
def built(cast):
    """Ada and Grace rated four questions (Ada left a note on question 1); the report is built."""
    interview = make_interview(kit=make_kit(questions=4), panel=[cast.ada, cast.grace])
    with enqueue_disabled():
        rate_and_submit(
            interview, {cast.ada: ([3, 2, 4, "skip"], {1: NOTE}), cast.grace: [1, 2, 4, 3]}
        )
    report = services.report_build(request_id=open_request(interview).pk)
    return interview, report


def page(client, user, interview, **headers):
    client.force_login(user)
    return client.get(reverse("reports:report", args=[interview.pk]), **headers)


def test_a_hiring_manager_reads_the_report_without_the_panels_notes(client, cast, built):
    interview, _ = built
    response = page(client, cast.manager, interview)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Candidate report: Casey Candidate" in body
    assert "Overall score = " in body or "Overall score =" in body
    assert "<svg" in body
    assert NOTE not in body
    assert "Ada" in body  # the panel's verdicts name the panelists


def test_a_panelist_who_submitted_reads_it_with_the_notes(client, cast, built):
    interview, _ = built
    body = page(client, cast.grace, interview).content.decode()
    assert NOTE in body


def test_anyone_else_gets_a_404(client, cast, built):
    interview, _ = built
    stranger = factories.interviewer("eve", "Eve")
    assert page(client, stranger, interview).status_code == 404
    assert page(client, cast.curator, interview).status_code == 404


def test_a_panelist_who_has_not_submitted_gets_a_404(client, cast):
    interview = make_interview(kit=make_kit(questions=1), panel=[cast.ada, cast.grace])
    rate(interview, cast.ada, [3])
    submit(interview, cast.ada)
    assert page(client, cast.grace, interview).status_code == 404
    assert page(client, cast.ada, interview).status_code == 200


def test_an_anonymous_visitor_is_sent_to_log_in(client, built):
    interview, _ = built
    response = client.get(reverse("reports:report", args=[interview.pk]))
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_the_page_shows_the_formula_the_level_mapping_and_agreement(client, cast, built):
    interview, report = built
    body = page(client, cast.manager, interview).content.decode()
    assert "Topic score = " in body
    assert "2.60-3.29 senior" in body
    assert "3.30 and above" in body
    # Question 1: Ada 3, Grace 1: the panel differs by 2 levels.
    assert report.content["agreement"]["flagged"] == [1]
    assert "differ by 2" in body


def test_the_evidence_and_strengths_come_from_the_rubric(client, cast, built):
    interview, _ = built
    body = page(client, cast.manager, interview).content.decode()
    assert "Senior answer on 1: explains the runtime mechanism." in body  # the anchor Ada chose
    assert "Signal L4 of question 3" in body  # heard
    assert "Red flag of question 1" in body


def test_a_weak_topic_is_a_growth_area_citing_the_senior_anchor(client, cast):
    interview = completed_interview([cast.ada], [4, 1, 4, 2])
    services.report_build(request_id=open_request(interview).pk)
    body = page(client, cast.manager, interview).content.decode()
    growth = body.split("Growth areas")[1].split("</ul>\n      </div>")[0]
    assert "Memory and GC" in growth
    assert "Senior answer on 2: explains the runtime mechanism." in growth
    strengths = body.split("Strengths <span")[1].split("Growth areas")[0]
    assert "Scheduler" in strengths
    assert "Signal L4 of question 1" in strengths


def test_the_page_has_no_inline_style_or_script_without_nonce(client, cast, built):
    interview, _ = built
    response = page(client, cast.manager, interview)
    body = response.content.decode()
    assert " style=" not in body
    assert "<style" not in body
    assert "hx-on" not in body
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    for tag in re.findall(r"<script[^>]*>", body):
        assert f'nonce="{nonce}"' in tag or "src=" in tag


@pytest.mark.parametrize("status", ["pending", "building"])
def test_while_building_the_status_partial_polls_every_two_seconds(client, cast, status):
    interview = completed_interview([cast.ada], [3])
    request = open_request(interview)
    if status == "building":
        services.claim(request.pk)
    body = page(client, cast.manager, interview).content.decode()
    assert 'hx-trigger="every 2s"' in body
    assert f'hx-get="{reverse("reports:report", args=[interview.pk])}"' in body
    assert f'data-status="{status}"' in body


def test_the_htmx_poll_gets_only_the_status_line_and_stops_with_286_when_ready(client, cast):
    interview = completed_interview([cast.ada], [3])
    polling = page(client, cast.manager, interview, headers={"HX-Request": "true"})
    assert polling.status_code == 200
    assert polling.content.decode().lstrip().startswith('<section id="report-status"')
    assert "every 2s" in polling.content.decode()
    assert "<html" not in polling.content.decode()

    services.report_build(request_id=open_request(interview).pk)
    done = page(client, cast.manager, interview, headers={"HX-Request": "true"})
    assert done.status_code == 286  # htmx stops polling
    body = done.content.decode()
    assert "every 2s" not in body
    assert 'data-status="ready"' in body
    # The report arrives once, out of band, into its own place on the page.
    assert '<div id="report-body" hx-swap-oob="true">' in body
    assert "Score per topic" in body


def test_while_a_rebuild_runs_the_poll_does_not_resend_the_report(client, cast, built):
    interview, _ = built
    interview.refresh_from_db()  # completed by the submits
    full = page(client, cast.manager, interview).content.decode()
    services.report_rebuild(interview=interview, requested_by=cast.manager)
    poll = page(client, cast.manager, interview, headers={"HX-Request": "true"})
    assert poll.status_code == 200
    body = poll.content.decode()
    assert "every 2s" in body
    assert "Showing the previous build" in body
    assert "Score per topic" not in body
    assert 'id="report-body"' not in body
    assert len(body) < 3_000 < len(full)
    assert poll["Vary"].count("HX-Request") == 1


def test_a_failed_build_shows_its_reason_and_a_rebuild_button(client, cast):
    interview = completed_interview([cast.ada], [3])
    request = open_request(interview)
    ReportRequest.objects.filter(pk=request.pk).update(status="failed", error="KeyError: 'anchors'")
    body = page(client, cast.manager, interview).content.decode()
    assert "The build failed" in body
    assert "KeyError: &#x27;anchors&#x27;" in body
    assert "Rebuild report" in body
    assert "every 2s" not in body


def test_panelists_do_not_get_manager_actions(client, cast, built):
    interview, _ = built
    body = page(client, cast.ada, interview).content.decode()
    assert "Rebuild report" not in body
    assert "Candidate feedback links" not in body
    assert "scorecards.csv" not in body


@pytest.mark.parametrize("reader", ["manager", "grace"])
def test_every_amendment_shows_what_from_to_who_when_why_and_after_reading(client, cast, reader):
    interview, report = amended_interview(cast.ada, cast.grace)
    body = page(client, getattr(cast, reader), interview).content.decode()
    section = body.split('id="amendments-title"')[1].split("</section>")[0]
    alone, after = section.split("<tbody>")[1].split("</tr>")[:2]
    ada = cast.ada.get_full_name()
    for row in (alone, after):
        assert ada in row
    assert "Recommendation: Yes → Strong yes" in alone
    assert AMEND_ALONE in alone
    assert "no: nobody else had submitted" in alone
    assert "Question 1 rating" in after
    assert "3 · Senior answer → 1 · No signal" in after
    assert AMEND_AFTER_READING in after
    assert "after reading" in after
    first, second = report.content["amendments"]
    assert (first["after_reading"], second["after_reading"]) == (False, True)
    assert first["when"] in alone and second["when"] in after
    # The agreement table marks the amended rating and shows it as it is now.
    assert 'title="amended after submission">*</abbr> / 1' in body


def test_a_report_without_amendments_says_so(client, cast, built):
    interview, _ = built
    body = page(client, cast.manager, interview).content.decode()
    assert "No scorecard was amended after it was submitted." in body
    assert "amended after submission (see Amendments)" not in body
