"""report_build: content, idempotency, failures recorded with their reason."""

import threading
from unittest import mock

import pytest
from django.db import OperationalError, connection

from interviews.reports import services
from interviews.reports.models import Report, ReportRequest
from interviews.services import scorecard_amend
from questionbank.models import Signal
from tests.reports.builders import (
    completed_interview,
    make_kit,
    open_request,
    scorecard_of,
)

# About the build, not its PDFs (test_documents.py): they are stand-ins here.
pytestmark = pytest.mark.usefixtures("pdf_stand_in")


def test_it_builds_a_report_and_marks_the_request_ready(cast):
    interview = completed_interview([cast.ada, cast.grace], [3, 2, 4, "skip"])
    request = open_request(interview)

    report = services.report_build(request_id=request.pk)

    request.refresh_from_db()
    assert request.status == ReportRequest.Status.READY
    assert request.report == report
    assert request.attempts == 1
    assert report.content["overall"]["score"] == "3.00"
    assert report.level == "senior"
    assert "<svg" in report.html
    assert len(report.inputs_hash) == 64


def test_the_evidence_names_anchors_signals_and_red_flags(cast):
    interview = completed_interview([cast.ada], [3, 1])
    report = services.report_build(request_id=open_request(interview).pk)
    first = report.content["questions"][0]
    assert first["anchors_chosen"] == [
        {
            "level": 3,
            "name": "Senior answer",
            "text": "Senior answer on 1: explains the runtime mechanism.",
            "panelists": [cast.ada.get_full_name()],
        }
    ]
    assert [signal["text"] for signal in first["signals_heard"]] == [
        "Signal L1 of question 1",
        "Signal L2 of question 1",
        "Signal L3 of question 1",
    ]
    assert first["red_flags"] == ["Red flag of question 1"]
    assert "Signal L3 of question 1" in report.html


def test_building_twice_gives_one_report(cast):
    interview = completed_interview([cast.ada, cast.grace], [3, 3])
    request = open_request(interview)
    first = services.report_build(request_id=request.pk)
    # The same request again (a redelivery): nothing to do.
    assert services.report_build(request_id=request.pk) is None
    # A rebuild with unchanged inputs lands on the same report.
    rebuild = services.report_rebuild(interview=interview, requested_by=cast.manager)
    assert services.report_build(request_id=rebuild.pk) == first
    assert Report.objects.filter(interview=interview).count() == 1


def test_an_amended_scorecard_gives_a_new_report_on_rebuild(cast):
    interview = completed_interview([cast.ada, cast.grace], [3, 3])
    first = services.report_build(request_id=open_request(interview).pk)
    scorecard_amend(
        scorecard=scorecard_of(interview, cast.ada),
        author=cast.ada,
        ratings={1: 1},
        reason="Misclicked",
    )
    rebuild = services.report_rebuild(interview=interview, requested_by=cast.manager)
    second = services.report_build(request_id=rebuild.pk)
    assert second != first
    assert second.inputs_hash != first.inputs_hash
    assert Report.objects.filter(interview=interview).count() == 2


def test_an_amendment_is_an_input_even_when_it_puts_a_value_back(cast):
    interview = completed_interview([cast.ada, cast.grace], [3, 3])
    first = services.report_build(request_id=open_request(interview).pk)
    for level, reason in ((1, "Misclicked"), (3, "No, it was right")):
        scorecard_amend(
            scorecard=scorecard_of(interview, cast.ada),
            author=cast.ada,
            ratings={1: level},
            reason=reason,
        )
    second = services.report_build(request_id=open_request(interview).pk)
    assert second.inputs_hash != first.inputs_hash
    assert second.content["overall"] == first.content["overall"]
    assert [a["reason"] for a in second.content["amendments"]] == ["Misclicked", "No, it was right"]
    assert first.content["amendments"] == []


def test_a_rebuild_while_a_request_is_open_joins_it(cast):
    interview = completed_interview([cast.ada], [3])
    pending = open_request(interview)
    again = services.report_rebuild(interview=interview, requested_by=cast.manager)
    assert again == pending
    assert ReportRequest.objects.filter(interview=interview).count() == 1


def test_a_rebuild_needs_a_completed_interview(cast):
    from tests.reports.builders import make_interview

    interview = make_interview(kit=make_kit(questions=1), panel=[cast.ada])
    with pytest.raises(services.ReportNotReady):
        services.report_rebuild(interview=interview, requested_by=cast.manager)


def test_an_error_is_recorded_on_the_request_with_its_reason(cast):
    interview = completed_interview([cast.ada], [3])
    request = open_request(interview)
    with mock.patch.object(services, "build_content", side_effect=KeyError("anchors")):
        assert services.report_build(request_id=request.pk) is None
    request.refresh_from_db()
    assert request.status == ReportRequest.Status.FAILED
    assert "KeyError" in request.error
    assert "anchors" in request.error
    assert not Report.objects.filter(interview=interview).exists()


def test_a_transient_error_is_raised_for_a_retry_and_the_request_stays_pending(cast):
    interview = completed_interview([cast.ada], [3])
    request = open_request(interview)
    with (
        mock.patch.object(services, "report_inputs", side_effect=OperationalError("server gone")),
        pytest.raises(OperationalError),
    ):
        services.report_build(request_id=request.pk, final_attempt=False)
    request.refresh_from_db()
    assert request.status == ReportRequest.Status.PENDING
    assert "server gone" in request.error
    # The retry succeeds.
    assert services.report_build(request_id=request.pk) is not None
    request.refresh_from_db()
    assert (request.status, request.error, request.attempts) == ("ready", "", 2)


def test_the_last_transient_failure_fails_the_request(cast):
    interview = completed_interview([cast.ada], [3])
    request = open_request(interview)
    with (
        mock.patch.object(services, "report_inputs", side_effect=OperationalError("still down")),
        pytest.raises(OperationalError),
    ):
        services.report_build(request_id=request.pk, final_attempt=True)
    request.refresh_from_db()
    assert request.status == ReportRequest.Status.FAILED
    assert "still down" in request.error


def test_a_request_that_never_finishes_is_given_up(cast, settings):
    settings.REPORT_MAX_ATTEMPTS = 3
    interview = completed_interview([cast.ada], [3])
    request = open_request(interview)
    ReportRequest.objects.filter(pk=request.pk).update(attempts=3)
    assert services.report_build(request_id=request.pk) is None
    request.refresh_from_db()
    assert request.status == ReportRequest.Status.FAILED
    assert "Gave up after 3 attempts" in request.error


def test_the_build_reads_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    kit = make_kit(questions=12)
    interview = completed_interview([cast.ada, cast.grace], [3] * 12, kit=kit)
    request = open_request(interview)
    # 25 to read and write, 2 for the room's pads (the final code), 2 to finish (the interview's
    # lock and its amendments counted), and 1 for the webhooks app's look for endpoints subscribed
    # to report.ready.
    with django_assert_max_num_queries(30):
        services.report_build(request_id=request.pk)


@pytest.mark.django_db(transaction=True)
def test_two_workers_building_the_same_request_at_once_give_one_report(cast):
    interview = completed_interview([cast.ada, cast.grace], [3, 2, 4])
    request = open_request(interview)
    barrier = threading.Barrier(2)
    results, errors = [], []
    real_build_content = services.build_content

    def slow_build_content(inputs):
        barrier.wait(timeout=10)  # both have claimed and read the inputs: now race to insert
        return real_build_content(inputs)

    def build():
        try:
            results.append(services.report_build(request_id=request.pk))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    with mock.patch.object(services, "build_content", side_effect=slow_build_content):
        # The second claim must not be refused while the first is building: a redelivered
        # message looks exactly like this.
        threads = [threading.Thread(target=build) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert not errors
    assert Report.objects.filter(interview=interview).count() == 1
    assert {report.pk for report in results if report} == {
        Report.objects.get(interview=interview).pk
    }
    request.refresh_from_db()
    assert request.status == ReportRequest.Status.READY


def amending_during_each_build(interview, author, *, times: int):
    """build_content that amends a rating (as a panelist could, mid-build) on its first calls."""
    real_build_content = services.build_content
    calls = []

    def build_content(inputs):
        if len(calls) < times:
            scorecard_amend(
                scorecard=scorecard_of(interview, author),
                author=author,
                ratings={1: 1 + len(calls) % 2},
                reason=f"Amendment {len(calls) + 1}",
            )
        calls.append(inputs)
        return real_build_content(inputs)

    return mock.patch.object(services, "build_content", build_content)


def test_an_amendment_made_during_the_build_is_in_the_report_the_request_ends_with(cast):
    interview = completed_interview([cast.ada, cast.grace], [3, 3])
    request = open_request(interview)
    with amending_during_each_build(interview, cast.ada, times=1):
        report = services.report_build(request_id=request.pk)
    request.refresh_from_db()
    # The amendment joined the request being built: the request ends on a report that holds it.
    assert request.status == ReportRequest.Status.READY
    assert request.report == report
    assert [a["reason"] for a in report.content["amendments"]] == ["Amendment 1"]
    assert ReportRequest.objects.filter(interview=interview).count() == 1


def test_inputs_that_keep_changing_leave_the_request_pending_for_the_sweep(cast):
    interview = completed_interview([cast.ada, cast.grace], [3, 3])
    request = open_request(interview)
    with amending_during_each_build(interview, cast.ada, times=services.STALE_REBUILDS + 1):
        assert services.report_build(request_id=request.pk) is None
    request.refresh_from_db()
    assert request.status == ReportRequest.Status.PENDING
    assert "kept changing" in request.error
    # The next build, with nothing changing, ends it with every amendment.
    report = services.report_build(request_id=request.pk)
    assert len(report.content["amendments"]) == services.STALE_REBUILDS + 1


def test_a_bonus_signal_is_never_a_strength_nor_a_thing_to_go_further(cast):
    """Version trivia ("Bonus: ...") is ticked like any signal, but is no evidence for a level."""
    kit = make_kit(questions=2)
    Signal.objects.filter(text="Signal L4 of question 1").update(text="Bonus: a release's trivia 1")
    Signal.objects.filter(text="Signal L4 of question 2").update(text="Bonus: a release's trivia 2")
    # Question 1 rated 4 (every signal up to L4 heard, the bonus too); question 2 rated 1.
    interview = completed_interview([cast.ada], [4, 1], kit=kit)
    report = services.report_build(request_id=open_request(interview).pk)
    strengths = [text for topic in report.content["topics"] for text in topic["strengths"]]
    further = [text for topic in report.content["topics"] for text in topic["to_go_further"]]
    assert "Signal L3 of question 1" in strengths
    assert not [text for text in strengths + further if text.startswith("Bonus:")]
