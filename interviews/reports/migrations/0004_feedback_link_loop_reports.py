"""A loop's feedback link covers the reports that existed when it was created, stored with it
(FeedbackLink.loop_reports), instead of every report of the loop as they come.

Links made before this get the latest report, built by the time the link was created, of each
completed interview of their loop: what they showed on the day they were shared.
"""

from django.db import migrations, models


def cover_what_existed(apps, schema_editor):
    FeedbackLink = apps.get_model("reports", "FeedbackLink")
    Report = apps.get_model("reports", "Report")
    for link in FeedbackLink.objects.filter(loop__isnull=False).iterator():
        latest: dict[int, int] = {}
        built = (
            Report.objects.filter(
                interview__loop_id=link.loop_id,
                interview__state="completed",
                built_at__lte=link.created_at,
            )
            .order_by("interview_id", "built_at", "id")
            .values_list("interview_id", "pk")
        )
        for interview_id, report_id in built:
            latest[interview_id] = report_id
        link.loop_reports.set(latest.values())


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_feedback_for_loops_and_stored_feedback_pdfs"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedbacklink",
            name="loop_reports",
            field=models.ManyToManyField(
                blank=True, related_name="loop_feedback_links", to="reports.report"
            ),
        ),
        migrations.RunPython(cover_what_existed, migrations.RunPython.noop),
    ]
