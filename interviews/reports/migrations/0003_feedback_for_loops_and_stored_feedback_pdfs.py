"""What the candidate reads gets its own storage: FeedbackPdf, keyed by what it shows, replaces the
candidate variants of ReportPdf, whose stored PDFs were rendered under the old rules (they quoted
rubric text) and are deleted here; a feedback link covers one report or a whole loop."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def delete_candidate_pdfs(apps, schema_editor):
    # Rendered from report snapshots that quoted rubric text (senior anchors, signals): never
    # serve them again. The candidate's PDFs are rendered anew, from what they may read, on demand.
    apps.get_model("reports", "ReportPdf").objects.filter(
        variant__in=["candidate", "candidate_level"]
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('interviews', '0009_rating_submitted_level'),
        ('reports', '0002_report_pdf'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(delete_candidate_pdfs, migrations.RunPython.noop),
        migrations.CreateModel(
            name='FeedbackPdf',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('digest', models.CharField(max_length=64, unique=True)),
                ('pdf', models.BinaryField()),
                ('render_ms', models.PositiveIntegerField(default=0)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.RemoveConstraint(
            model_name='reportpdf',
            name='report_pdf_variant_known',
        ),
        migrations.AddField(
            model_name='feedbacklink',
            name='loop',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='feedback_links', to='interviews.loop'),
        ),
        migrations.AlterField(
            model_name='feedbacklink',
            name='report',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='feedback_links', to='reports.report'),
        ),
        migrations.AlterField(
            model_name='reportpdf',
            name='variant',
            field=models.CharField(choices=[('managers', "Hiring managers' copy (no notes)"), ('panel', "The panel's copy (notes quoted)")], max_length=16),
        ),
        migrations.AddConstraint(
            model_name='feedbacklink',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('report__isnull', False), ('loop__isnull', True)), models.Q(('report__isnull', True), ('loop__isnull', False)), _connector='OR'), name='feedback_link_covers_a_report_or_a_loop'),
        ),
        migrations.AddConstraint(
            model_name='reportpdf',
            constraint=models.CheckConstraint(condition=models.Q(('variant__in', ['managers', 'panel'])), name='report_pdf_variant_known'),
        ),
        migrations.AddConstraint(
            model_name='feedbackpdf',
            constraint=models.CheckConstraint(condition=models.Q(('pdf', b''), _negated=True), name='feedback_pdf_not_empty'),
        ),
    ]
