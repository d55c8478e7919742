"""ReportPdf: a built report's PDFs, stored beside it (a new table; reversible by dropping it).

Reports built before it have no rows here: each of their PDFs is rendered on its first download
and stored then (documents.report_pdf)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReportPdf",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "variant",
                    models.CharField(
                        choices=[
                            ("managers", "Hiring managers' copy (no notes)"),
                            ("panel", "The panel's copy (notes quoted)"),
                            ("candidate", "The candidate's feedback"),
                            ("candidate_level", "The candidate's feedback with the level band"),
                        ],
                        max_length=16,
                    ),
                ),
                ("pdf", models.BinaryField()),
                ("render_ms", models.PositiveIntegerField(default=0)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "report",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pdfs",
                        to="reports.report",
                    ),
                ),
            ],
            options={
                "ordering": ["report", "variant"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("report", "variant"), name="one_pdf_per_report_variant"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            variant__in=["managers", "panel", "candidate", "candidate_level"]
                        ),
                        name="report_pdf_variant_known",
                    ),
                    models.CheckConstraint(
                        condition=~models.Q(pdf=b""), name="report_pdf_not_empty"
                    ),
                ],
            },
        ),
    ]
