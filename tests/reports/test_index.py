"""The reports index: completed interviews with the state of their report, for hiring managers."""

import pytest
from django.urls import reverse

from interviews.reports import services
from tests.reports.builders import completed_interview, open_request

# Not about PDFs (test_report_pdf.py, test_documents.py): the builds store stand-ins.
pytestmark = pytest.mark.usefixtures("pdf_stand_in")


def test_a_hiring_manager_lists_completed_interviews_with_their_report_state(client, cast):
    built = completed_interview([cast.ada], [3], candidate="Bea Built")
    services.report_build(request_id=open_request(built).pk)
    completed_interview([cast.grace], [2], candidate="Paul Pending")
    client.force_login(cast.manager)
    body = client.get(reverse("reports:index")).content.decode()
    assert "Bea Built" in body and "Paul Pending" in body
    assert ">ready<" in body and ">pending<" in body
    assert reverse("reports:report", args=[built.pk]) in body


def test_interviewers_do_not_get_the_index(client, cast):
    client.force_login(cast.ada)
    assert client.get(reverse("reports:index")).status_code == 404
