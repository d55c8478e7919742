"""The reports models, taken over from the interviews app with their tables as they are.

State only: interviews/migrations/0002 and 0003 created the tables and interviews 0005 let go of
them. Their content types move with them, so permissions and admin history stay attached."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from config.migration_operations import move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("interviews", "0005_reports_and_calibration_move_out"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Report",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("inputs_hash", models.CharField(max_length=64)),
                        ("format_version", models.PositiveSmallIntegerField()),
                        (
                            "content",
                            models.JSONField(help_text="Everything the report shows, as built."),
                        ),
                        ("html", models.TextField()),
                        ("panel_html", models.TextField()),
                        (
                            "overall_score",
                            models.DecimalField(
                                blank=True, decimal_places=2, max_digits=4, null=True
                            ),
                        ),
                        ("level", models.CharField(blank=True, max_length=12)),
                        ("build_ms", models.PositiveIntegerField(default=0)),
                        ("built_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "interview",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reports",
                                to="interviews.interview",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "interviews_report",
                        "ordering": ["interview", "-built_at", "-id"],
                        "get_latest_by": "built_at",
                    },
                ),
                migrations.CreateModel(
                    name="FeedbackLink",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "token_hash",
                            models.CharField(
                                help_text="SHA-256 of the token", max_length=64, unique=True
                            ),
                        ),
                        ("share_level", models.BooleanField(default=False)),
                        ("expires_at", models.DateTimeField()),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                        ("view_count", models.PositiveIntegerField(default=0)),
                        ("last_viewed_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "revoked_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "report",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="feedback_links",
                                to="reports.report",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "interviews_feedbacklink",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="ReportRequest",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Pending"),
                                    ("building", "Building"),
                                    ("ready", "Ready"),
                                    ("failed", "Failed"),
                                ],
                                default="pending",
                                max_length=10,
                            ),
                        ),
                        (
                            "reason",
                            models.CharField(
                                choices=[
                                    ("completed", "The panel submitted"),
                                    ("rebuild", "Rebuild requested"),
                                ],
                                default="completed",
                                max_length=10,
                            ),
                        ),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("error", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("enqueued_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("started_at", models.DateTimeField(blank=True, null=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "interview",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="report_requests",
                                to="interviews.interview",
                            ),
                        ),
                        (
                            "report",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="requests",
                                to="reports.report",
                            ),
                        ),
                        (
                            "requested_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "interviews_reportrequest",
                        "ordering": ["interview", "-created_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="ScorecardReminder",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("last_sent_at", models.DateTimeField(blank=True, null=True)),
                        ("sent_count", models.PositiveSmallIntegerField(default=0)),
                        (
                            "scorecard",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reminder",
                                to="interviews.scorecard",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "interviews_scorecardreminder",
                    },
                ),
                migrations.AddConstraint(
                    model_name="report",
                    constraint=models.UniqueConstraint(
                        fields=("interview", "inputs_hash"), name="one_report_per_interview_inputs"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="feedbacklink",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("expires_at__gt", models.F("created_at"))),
                        name="feedback_link_expires_after_creation",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="feedbacklink",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("revoked_at__isnull", True),
                            ("revoked_by__isnull", False),
                            _connector="OR",
                        ),
                        name="feedback_link_revoked_by_someone",
                    ),
                ),
                migrations.AddIndex(
                    model_name="reportrequest",
                    index=models.Index(
                        fields=["status", "enqueued_at"], name="report_request_sweep"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="reportrequest",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("status__in", ["pending", "building", "ready", "failed"])
                        ),
                        name="report_request_status_known",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="reportrequest",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("status__in", ["pending", "building"])),
                        fields=("interview",),
                        name="one_open_report_request",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="reportrequest",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "ready"), _negated=True),
                            ("report__isnull", False),
                            _connector="OR",
                        ),
                        name="ready_request_has_report",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="reportrequest",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "failed"), _negated=True),
                            models.Q(("error", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="failed_request_says_why",
                    ),
                ),
            ],
        ),
        move_content_types(
            models=("report", "reportrequest", "feedbacklink", "scorecardreminder"),
            from_app="interviews",
            to_app="reports",
        ),
    ]
