from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("calibration", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="interviewercalibrationcell",
            name="n_amended_after_reading",
            field=models.PositiveIntegerField(
                default=0,
                db_default=0,
                help_text="ratings amended after another panelist on the interview had submitted",
            ),
        ),
    ]
