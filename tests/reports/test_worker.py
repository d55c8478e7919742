"""Through a real Celery worker on the real Redis (tests/conftest.py: celery_worker)."""

import pytest

from interviews.reports.models import Report, ReportRequest
from interviews.reports.tasks import build_report
from tests.conftest import wait_for
from tests.reports.builders import completed_interview, make_interview, make_kit, rate, submit

pytestmark = pytest.mark.worker


def test_submitting_the_last_scorecard_produces_a_ready_report(celery_worker, cast):
    interview = make_interview(kit=make_kit(questions=3), panel=[cast.ada, cast.grace])
    rate(interview, cast.ada, [3, 4, 2])
    submit(interview, cast.ada)
    rate(interview, cast.grace, [3, 3, 2])
    submit(interview, cast.grace)  # commits, then enqueues on commit

    request = wait_for(
        lambda: ReportRequest.objects.filter(
            interview=interview, status=ReportRequest.Status.READY
        ).first(),
        timeout=30,
    )
    assert request.report.content["overall"]["score"] == "2.83"
    assert request.attempts == 1
    assert "interviews.reports.tasks.build_report" in celery_worker.log.read_text()


def test_the_same_request_enqueued_twice_gives_one_report(celery_worker, cast):
    interview = completed_interview([cast.ada, cast.grace], [3, 2])
    request = ReportRequest.objects.get(interview=interview)

    build_report.delay(request.pk)
    build_report.delay(request.pk)

    def both_ran():
        log = celery_worker.log.read_text()
        return (
            log.count("interviews.reports.tasks.build_report[") >= 4
            and log.count(" succeeded in ") >= 2
        )

    wait_for(both_ran, timeout=30)
    request.refresh_from_db()
    assert request.status == ReportRequest.Status.READY
    assert Report.objects.filter(interview=interview).count() == 1
