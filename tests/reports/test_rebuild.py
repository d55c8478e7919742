"""POST rebuild: hiring managers ask for the report again."""

from unittest import mock

import pytest
from django.urls import reverse

from interviews.reports import tasks
from interviews.reports.models import ReportRequest
from tests.reports.builders import built_interview, make_interview, make_kit

# Not about PDFs (test_report_pdf.py, test_documents.py): the builds store stand-ins.
pytestmark = pytest.mark.usefixtures("pdf_stand_in")


def rebuild(client, interview, **headers):
    return client.post(reverse("reports:rebuild", args=[interview.pk]), **headers)


def test_a_hiring_manager_requests_a_rebuild(client, cast):
    interview, _ = built_interview([cast.ada], [3, 2])
    client.force_login(cast.manager)
    with mock.patch.object(tasks, "report_build_enqueue"):
        response = rebuild(client, interview)
    assert response.status_code == 302
    assert response.url == reverse("reports:report", args=[interview.pk])
    request = ReportRequest.objects.filter(interview=interview).order_by("-id").first()
    assert request.status == ReportRequest.Status.PENDING
    assert request.reason == ReportRequest.Reason.REBUILD
    assert request.requested_by == cast.manager


def test_with_htmx_the_status_partial_comes_back_polling(client, cast):
    interview, _ = built_interview([cast.ada], [3, 2])
    client.force_login(cast.manager)
    with mock.patch.object(tasks, "report_build_enqueue"):
        response = rebuild(client, interview, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="report-status"')
    assert "every 2s" in body
    assert "Showing the previous build" in body  # the old report stays readable meanwhile


def test_a_double_click_queues_one_request(client, cast):
    interview, _ = built_interview([cast.ada], [3, 2])
    client.force_login(cast.manager)
    with mock.patch.object(tasks, "report_build_enqueue"):
        rebuild(client, interview)
        rebuild(client, interview)
    assert ReportRequest.objects.filter(interview=interview, status="pending").count() == 1


def test_panelists_cannot_rebuild(client, cast):
    interview, _ = built_interview([cast.ada], [3, 2])
    client.force_login(cast.ada)
    assert rebuild(client, interview).status_code == 404
    assert ReportRequest.objects.filter(interview=interview).count() == 1


def test_an_interview_still_live_cannot_be_rebuilt(client, cast):
    interview = make_interview(kit=make_kit(questions=1), panel=[cast.ada])
    client.force_login(cast.manager)
    assert rebuild(client, interview).status_code == 409
    # The same status for htmx: base.html's htmx config swaps 409 fragments.
    response = rebuild(client, interview, headers={"HX-Request": "true"})
    assert response.status_code == 409
    assert response.content.decode().lstrip().startswith('<section id="report-status"')
    assert "once every panelist has submitted" in response.content.decode()
    assert not ReportRequest.objects.filter(interview=interview).exists()


def test_a_rebuild_needs_post(client, cast):
    interview, _ = built_interview([cast.ada], [3])
    client.force_login(cast.manager)
    assert client.get(reverse("reports:rebuild", args=[interview.pk])).status_code == 405
