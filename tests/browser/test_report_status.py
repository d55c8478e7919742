"""The hiring manager watches a report go from building to ready without reloading the page."""

import pytest
from django.urls import reverse

from interviews.reports import services
from tests.reports.builders import completed_interview, open_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_report_page_swaps_in_the_report_when_the_build_finishes(
    browser_page, login_in_browser, cast
):
    interview = completed_interview([cast.ada, cast.grace], [3, 2, 4])
    request = open_request(interview)
    services.claim(request.pk)  # a worker has started on it

    login_in_browser(browser_page, cast.manager)
    errors = []
    browser_page.on("console", lambda message: message.type == "error" and errors.append(message))
    polls = []  # (status, body size) of each poll's answer
    browser_page.on(
        "response",
        lambda response: (
            response.request.headers.get("hx-request") == "true"
            and polls.append((response.status, len(response.body())))
        ),
    )
    browser_page.goto(reverse("reports:report", args=[interview.pk]))
    browser_page.wait_for_event(
        "response", lambda response: response.request.headers.get("hx-request") == "true"
    )
    status = browser_page.locator("#report-status")
    assert status.get_attribute("data-status") == "building"
    assert browser_page.get_by_text("Building the report").is_visible()
    # Mark this document: a reload would lose the mark.
    browser_page.evaluate("window.loupeNoReload = true")

    services.report_build(request_id=request.pk)  # the build completes, from the test thread

    browser_page.get_by_role("heading", name="Score per topic").wait_for(timeout=10_000)
    assert status.get_attribute("data-status") == "ready"
    assert browser_page.get_by_text("Ready", exact=True).is_visible()
    assert browser_page.evaluate("window.loupeNoReload") is True
    assert browser_page.locator("svg.chart rect").count() == 2
    assert errors == []  # no CSP violation, no script error
    # Polling has stopped: the swapped-in section has no trigger any more.
    assert status.get_attribute("hx-trigger") is None
    # The polls sent the status line only; the last one (286: stop polling) brought the report.
    *building, last = polls
    assert building and all(code == 200 and size < 3_000 for code, size in building)
    assert last[0] == 286 and last[1] > 3_000
    browser_page.wait_for_timeout(2_500)
    assert len(polls) == len(building) + 1  # no poll after the 286
