"""The outbox: a report request is written with the last submit, enqueued on commit, and swept."""

import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from interviews.models import Interview
from interviews.reports import services, tasks
from interviews.reports.models import Report, ReportRequest
from interviews.reports.tasks import build_report
from tests.reports.builders import (
    completed_interview,
    make_interview,
    make_kit,
    open_request,
    rate,
    submit,
)

# Not about PDFs (test_report_pdf.py, test_documents.py): the builds store stand-ins.
pytestmark = pytest.mark.usefixtures("pdf_stand_in")


def test_the_last_submit_writes_one_pending_request(cast, django_capture_on_commit_callbacks):
    interview = make_interview(kit=make_kit(questions=2), panel=[cast.ada, cast.grace])
    rate(interview, cast.ada, [3, 3])
    rate(interview, cast.grace, [2, 3])
    with mock.patch.object(tasks, "report_build_enqueue") as enqueue:
        with django_capture_on_commit_callbacks(execute=True):
            submit(interview, cast.ada)
        assert not ReportRequest.objects.filter(interview=interview).exists()
        enqueue.assert_not_called()

        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            submit(interview, cast.grace)
    request = ReportRequest.objects.get(interview=interview)
    assert request.status == ReportRequest.Status.PENDING
    assert request.reason == ReportRequest.Reason.COMPLETED
    assert len(callbacks) == 2  # the build's hand-off, and calibration's refresh
    enqueue.assert_called_once_with(request_id=request.pk)


def test_nothing_is_enqueued_if_the_submit_rolls_back(cast, django_capture_on_commit_callbacks):
    interview = make_interview(kit=make_kit(questions=1), panel=[cast.ada])
    rate(interview, cast.ada, [3])
    with (
        mock.patch.object(tasks, "report_build_enqueue") as enqueue,
        mock.patch(
            "interviews.reports.receivers.report_request_create",
            side_effect=RuntimeError("boom"),
        ),
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
    ):
        submit(interview, cast.ada)
    interview.refresh_from_db()
    # The receiver runs inside the submitting transaction: the completion rolled back with it.
    assert interview.state == Interview.State.LIVE
    enqueue.assert_not_called()


def test_with_an_eager_celery_the_report_is_built_on_commit(
    cast, django_capture_on_commit_callbacks
):
    interview = make_interview(kit=make_kit(questions=2), panel=[cast.ada])
    rate(interview, cast.ada, [4, 3])
    with django_capture_on_commit_callbacks(execute=True):
        submit(interview, cast.ada)
    request = ReportRequest.objects.get(interview=interview)
    assert request.status == ReportRequest.Status.READY
    assert request.report.content["overall"]["score"] == "3.50"


def test_a_broker_error_is_logged_and_does_not_break_the_submit(
    cast, caplog, django_capture_on_commit_callbacks
):
    interview = make_interview(kit=make_kit(questions=1), panel=[cast.ada])
    rate(interview, cast.ada, [3])
    with (
        mock.patch.object(build_report, "apply_async", side_effect=BrokerError("conn refused")),
        caplog.at_level(logging.WARNING, logger="interviews.reports.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        scorecard = submit(interview, cast.ada)
    assert scorecard.submitted_at is not None
    request = ReportRequest.objects.get(interview=interview)
    assert request.status == ReportRequest.Status.PENDING
    assert "not enqueued" in caplog.text
    assert "conn refused" in caplog.text


def test_the_sweep_re_enqueues_requests_pending_for_too_long(cast, settings):
    settings.REPORT_REQUEUE_SECONDS = 120
    fresh = completed_interview([cast.ada], [3])
    old = completed_interview([cast.grace], [2])
    long_ago = timezone.now() - timedelta(minutes=5)
    ReportRequest.objects.filter(interview=old).update(enqueued_at=long_ago)

    with mock.patch.object(tasks, "report_build_enqueue") as enqueue:
        ids = services.report_requests_requeue()
    old_request = open_request(old)
    assert ids == [old_request.pk]
    assert open_request(fresh).pk not in ids
    old_request.refresh_from_db()
    assert old_request.enqueued_at > long_ago
    enqueue.assert_not_called()  # the service only marks them: the task hands them over


def test_the_sweep_task_hands_due_requests_to_the_broker(cast, settings):
    settings.REPORT_REQUEUE_SECONDS = 0
    interview = completed_interview([cast.ada], [3])
    with mock.patch.object(tasks, "report_build_enqueue") as enqueue:
        tasks.requeue_report_requests()
    enqueue.assert_called_once_with(request_id=open_request(interview).pk)


def test_the_sweep_requeues_a_build_whose_worker_died(cast):
    interview = completed_interview([cast.ada], [3])
    request = open_request(interview)
    services.claim(request.pk)  # a worker started building... and was killed
    ReportRequest.objects.filter(pk=request.pk).update(
        started_at=timezone.now() - timedelta(minutes=30)
    )
    with mock.patch.object(tasks, "report_build_enqueue"):
        ids = services.report_requests_requeue()
    request.refresh_from_db()
    assert ids == [request.pk]
    assert request.status == ReportRequest.Status.PENDING
    assert "requeued" in request.error
    services.report_build(request_id=request.pk)
    request.refresh_from_db()
    assert request.status == ReportRequest.Status.READY
    assert Report.objects.filter(interview=interview).count() == 1


def test_the_sweep_leaves_ready_failed_and_recent_requests_alone(cast):
    ready = completed_interview([cast.ada], [3])
    services.report_build(request_id=open_request(ready).pk)
    completed_interview([cast.grace], [3])  # pending, but just enqueued
    with mock.patch.object(tasks, "report_build_enqueue"):
        assert services.report_requests_requeue() == []


def test_the_build_task_is_configured_to_survive_a_lost_worker():
    assert build_report.acks_late is True
    assert build_report.reject_on_worker_lost is True
    assert build_report.max_retries >= 3
    assert build_report.retry_backoff
    assert 0 < build_report.soft_time_limit < build_report.time_limit
    from django.conf import settings

    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > build_report.time_limit
    assert build_report.time_limit < settings.REPORT_BUILD_STALE_SECONDS
