"""A worker killed mid-build, and Redis down while panelists submit: no report lost, none doubled.

Both run on a private redis-server (tests/reports/infra.py), never the machine's shared Redis.
"""

import logging
import time

import pytest
from django.test import override_settings

from interviews.models import Interview
from interviews.reports.models import Report, ReportRequest
from interviews.reports.tasks import requeue_report_requests
from tests.conftest import wait_for
from tests.reports.builders import make_interview, make_kit, rate, submit
from tests.reports.infra import (
    RedisServer,
    app_publishing_to,
    new_queue,
    start_worker,
    table_locked,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

VISIBILITY_TIMEOUT = 3


@pytest.fixture
def private_redis():
    server = RedisServer().start()
    yield server
    server.stop()


def ready(interview) -> ReportRequest | None:
    return ReportRequest.objects.filter(
        interview=interview, status=ReportRequest.Status.READY
    ).first()


def test_a_worker_killed_mid_build_is_replaced_and_the_report_is_built_once(
    private_redis, tmp_path, cast
):
    queue = new_queue()
    log = tmp_path / "workers.log"
    env = {"CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}
    first = start_worker(broker_url=private_redis.url, queue=queue, log=log, **env)
    second = None
    try:
        with app_publishing_to(private_redis.url, queue):
            interview = make_interview(kit=make_kit(questions=3), panel=[cast.ada])
            rate(interview, cast.ada, [3, 4, 2])
            with table_locked(Report):
                submit(interview, cast.ada)
                request = ReportRequest.objects.get(interview=interview)
                # The worker has the message and is in the middle of the build, waiting on the
                # report table.
                wait_for(
                    lambda: ReportRequest.objects.get(pk=request.pk).status == "building",
                    timeout=30,
                )
                delivered_at = time.monotonic()
                first.kill()

            request.refresh_from_db()
            assert request.status == ReportRequest.Status.BUILDING
            assert not Report.objects.filter(interview=interview).exists()

            # The message was never acknowledged: once the visibility timeout has passed, Redis
            # hands it to the next worker that starts.
            time.sleep(max(0.0, VISIBILITY_TIMEOUT + 1 - (time.monotonic() - delivered_at)))
            second = start_worker(broker_url=private_redis.url, queue=queue, log=log, **env)
            request = wait_for(lambda: ready(interview), timeout=60)
    finally:
        first.stop()
        if second:
            second.stop()

    assert request.attempts == 2
    assert Report.objects.filter(interview=interview).count() == 1


def test_a_killed_build_is_also_recovered_by_the_sweep(private_redis, tmp_path, cast):
    """Without waiting for the visibility timeout: the beat sweep finds the stalled build."""
    queue = new_queue()
    log = tmp_path / "workers.log"
    first = start_worker(broker_url=private_redis.url, queue=queue, log=log)
    second = None
    try:
        with app_publishing_to(private_redis.url, queue):
            interview = make_interview(kit=make_kit(questions=2), panel=[cast.ada])
            rate(interview, cast.ada, [3, 3])
            with table_locked(Report):
                submit(interview, cast.ada)
                request = ReportRequest.objects.get(interview=interview)
                wait_for(
                    lambda: ReportRequest.objects.get(pk=request.pk).status == "building",
                    timeout=30,
                )
                first.kill()
            second = start_worker(broker_url=private_redis.url, queue=queue, log=log)
            # What beat runs every minute, with the staleness threshold reached.
            with override_settings(REPORT_BUILD_STALE_SECONDS=0):
                requeue_report_requests()
            request = wait_for(lambda: ready(interview), timeout=30)
    finally:
        first.stop()
        if second:
            second.stop()
    assert Report.objects.filter(interview=interview).count() == 1


def test_redis_down_while_panelists_submit_delays_reports_but_loses_none(
    private_redis, tmp_path, cast, caplog
):
    queue = new_queue()
    worker = start_worker(broker_url=private_redis.url, queue=queue, log=tmp_path / "w.log")
    try:
        with app_publishing_to(private_redis.url, queue):
            interviews = []
            for _ in range(2):
                interview = make_interview(kit=make_kit(questions=2), panel=[cast.ada, cast.grace])
                rate(interview, cast.ada, [3, 2])
                rate(interview, cast.grace, [4, 2])
                interviews.append(interview)

            private_redis.stop()
            with caplog.at_level(logging.WARNING, logger="interviews.reports.tasks"):
                for interview in interviews:
                    started = time.monotonic()
                    submit(interview, cast.ada)
                    submit(interview, cast.grace)  # the last submit: enqueue fails, submit holds
                    assert time.monotonic() - started < 5
            assert caplog.text.count("not enqueued") == 2
            for interview in interviews:
                interview.refresh_from_db()
                assert interview.state == Interview.State.COMPLETED
                request = ReportRequest.objects.get(interview=interview)
                assert request.status == ReportRequest.Status.PENDING

            private_redis.start()  # same port, empty: the messages of the outage never existed

            def all_ready():
                # What beat does every minute once Redis is back.
                with override_settings(REPORT_REQUEUE_SECONDS=0):
                    requeue_report_requests()
                return all(ready(interview) for interview in interviews)

            wait_for(all_ready, timeout=90, interval=2)
    finally:
        worker.stop()

    for interview in interviews:
        assert Report.objects.filter(interview=interview).count() == 1
