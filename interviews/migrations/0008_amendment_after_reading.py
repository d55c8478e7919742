"""Amendment.after_reading: whether the amending panelist could have read another scorecard.

scorecard_amend sets it from what is committed when it writes the amendment. Amendments written
before this field existed are back-filled from the timestamps: another panelist on the interview had
submitted before the amendment was made (Scorecard.submitted_at < Amendment.created_at).
"""

from django.db import migrations, models
from django.db.models import Exists, OuterRef


def back_fill(apps, schema_editor):
    Amendment = apps.get_model("interviews", "Amendment")
    Scorecard = apps.get_model("interviews", "Scorecard")
    earlier = Scorecard.objects.filter(
        interview_id=OuterRef("scorecard__interview_id"),
        submitted_at__isnull=False,
        submitted_at__lt=OuterRef("created_at"),
    ).exclude(pk=OuterRef("scorecard_id"))
    Amendment.objects.filter(Exists(earlier)).update(after_reading=True)


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0007_loops"),
    ]

    operations = [
        migrations.AddField(
            model_name="amendment",
            name="after_reading",
            field=models.BooleanField(
                default=False,
                db_default=False,
                help_text="Made after another panelist on the interview had submitted.",
            ),
        ),
        # Reversed by dropping the column (the AddField above): nothing to undo here.
        migrations.RunPython(back_fill, migrations.RunPython.noop, elidable=True),
    ]
