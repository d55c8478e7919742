"""Reports and calibration left the interviews app without touching their tables: a database at
the schema of before the split, with data in it, migrates forward with every row and its content
type (so its permissions and admin history) still in place."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from interviews.calibration.models import CalibrationRun
from interviews.reports.models import FeedbackLink, Report, ReportRequest
from tests.migrating import latest, migrate

BEFORE_THE_SPLIT = [
    ("interviews", "0004_rating_lock_candidate_email"),
    ("reports", None),
    ("calibration", None),
]

pytestmark = pytest.mark.django_db(transaction=True)


def rows_of_before(apps, user_id: int) -> dict:
    """Data written through the models as they were before the split (app label interviews)."""
    topic = apps.get_model("questionbank", "Topic").objects.create(slug="t", name="T")
    kit = apps.get_model("questionbank", "Kit").objects.create(
        slug="k", name="K", target_level="senior"
    )
    candidate = apps.get_model("interviews", "Candidate").objects.create(
        name="Sam", email="sam@example.com"
    )
    interview = apps.get_model("interviews", "Interview").objects.create(
        candidate=candidate,
        kit=kit,
        scheduled_at=timezone.now(),
        state="completed",
        completed_at=timezone.now(),
    )
    report = apps.get_model("interviews", "Report").objects.create(
        interview=interview,
        inputs_hash="a" * 64,
        format_version=1,
        content={},
        html="",
        panel_html="",
    )
    request = apps.get_model("interviews", "ReportRequest").objects.create(
        interview=interview, status="ready", report=report
    )
    link = apps.get_model("interviews", "FeedbackLink").objects.create(
        report=report,
        token_hash="b" * 64,
        expires_at=timezone.now() + timezone.timedelta(days=1),
        created_by_id=user_id,
    )
    run = apps.get_model("interviews", "CalibrationRun").objects.create(
        started_at=timezone.now(), seconds=1.5, interviews=1, ratings=2
    )
    del topic
    return {"report": report.pk, "request": request.pk, "link": link.pk, "run": run.pk}


def test_rows_and_content_types_survive_the_move_out_of_interviews(cast):
    report_type = ContentType.objects.get_for_model(Report)
    run_type = ContentType.objects.get_for_model(CalibrationRun)
    try:
        migrate(BEFORE_THE_SPLIT)
        old_apps = MigrationExecutor(connection).loader.project_state(BEFORE_THE_SPLIT[:1]).apps
        # Before the split the content types belonged to interviews.
        assert ContentType.objects.get(pk=report_type.pk).app_label == "interviews"
        assert ContentType.objects.get(pk=run_type.pk).app_label == "interviews"
        ids = rows_of_before(old_apps, cast.manager.pk)
    finally:
        migrate(latest())

    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(Report).pk == report_type.pk
    assert ContentType.objects.get_for_model(CalibrationRun).pk == run_type.pk
    assert ContentType.objects.get(pk=report_type.pk).app_label == "reports"
    assert Report.objects.get(pk=ids["report"]).inputs_hash == "a" * 64
    assert ReportRequest.objects.get(pk=ids["request"]).report_id == ids["report"]
    assert FeedbackLink.objects.get(pk=ids["link"]).report_id == ids["report"]
    assert CalibrationRun.objects.get(pk=ids["run"]).ratings == 2
    assert Report._meta.db_table == "interviews_report"
    assert CalibrationRun._meta.db_table == "interviews_calibrationrun"
