"""The calibration models, taken over from the interviews app with their tables as they are.

State only: interviews/migrations/0002 and 0003 created the tables and interviews 0005 let go of
them. Their content types move with them, so permissions and admin history stay attached."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from config.migration_operations import move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("interviews", "0005_reports_and_calibration_move_out"),
        ("questionbank", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="CalibrationRun",
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
                        ("started_at", models.DateTimeField()),
                        ("seconds", models.FloatField()),
                        ("interviews", models.PositiveIntegerField()),
                        ("ratings", models.PositiveIntegerField()),
                    ],
                    options={
                        "db_table": "interviews_calibrationrun",
                        "ordering": ["-started_at"],
                        "get_latest_by": "started_at",
                    },
                ),
                migrations.CreateModel(
                    name="QuestionFlag",
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
                        ("flags", models.JSONField(default=list)),
                        ("ratings", models.PositiveIntegerField(default=0)),
                        ("discrimination", models.FloatField(null=True)),
                        (
                            "question",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="calibration",
                                to="questionbank.question",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "interviews_questionflag",
                    },
                ),
                migrations.CreateModel(
                    name="CoincidenceCell",
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
                        ("month", models.DateField()),
                        ("c", models.PositiveSmallIntegerField()),
                        ("k", models.PositiveSmallIntegerField()),
                        ("weight", models.FloatField()),
                        (
                            "kit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="questionbank.kit",
                            ),
                        ),
                        (
                            "question",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="questionbank.question",
                            ),
                        ),
                        (
                            "topic",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="questionbank.topic",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "interviews_coincidencecell",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("question", "kit", "topic", "month", "c", "k"),
                                name="one_coincidence_cell",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="InterviewerCalibrationCell",
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
                        ("month", models.DateField()),
                        ("n", models.PositiveIntegerField()),
                        ("sum_diff", models.FloatField()),
                        ("sum_diff_sq", models.FloatField()),
                        (
                            "n_disagree",
                            models.PositiveIntegerField(
                                help_text="ratings 2+ levels from a co-panelist"
                            ),
                        ),
                        (
                            "interviewer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "kit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="questionbank.kit",
                            ),
                        ),
                        (
                            "topic",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="questionbank.topic",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "interviews_interviewercalibrationcell",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("interviewer", "kit", "topic", "month"),
                                name="one_interviewer_cell",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="QuestionCalibrationCell",
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
                        ("month", models.DateField()),
                        ("n", models.PositiveIntegerField()),
                        ("sum_x", models.FloatField()),
                        ("sum_xx", models.FloatField()),
                        ("sum_y", models.FloatField()),
                        ("sum_yy", models.FloatField()),
                        ("sum_xy", models.FloatField()),
                        ("n_ceiling", models.PositiveIntegerField(help_text="ratings at level 4")),
                        ("n_floor", models.PositiveIntegerField(help_text="ratings at level 1")),
                        ("n_1", models.PositiveIntegerField()),
                        ("n_2", models.PositiveIntegerField()),
                        ("n_3", models.PositiveIntegerField()),
                        ("n_4", models.PositiveIntegerField()),
                        (
                            "kit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="questionbank.kit",
                            ),
                        ),
                        (
                            "question",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="questionbank.question",
                            ),
                        ),
                        (
                            "topic",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="questionbank.topic",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "interviews_questioncalibrationcell",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("question", "kit", "topic", "month"),
                                name="one_question_cell",
                            )
                        ],
                    },
                ),
            ],
        ),
        move_content_types(
            models=(
                "questioncalibrationcell",
                "coincidencecell",
                "interviewercalibrationcell",
                "calibrationrun",
                "questionflag",
            ),
            from_app="interviews",
            to_app="calibration",
        ),
    ]
