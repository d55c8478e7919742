"""LoopDecision: a no-hire has no level, and a decision records the interviews still open.

A level on a no-hire meant nothing (the form's empty choice reads "No level (no hire)"), so any such
level is dropped before the constraint goes in; the decision, its reason and its author stay.
"""

from django.db import migrations, models


def drop_no_hire_levels(apps, schema_editor):
    LoopDecision = apps.get_model("interviews", "LoopDecision")
    LoopDecision.objects.filter(outcome="no_hire").exclude(level="").update(level="")


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0009_rating_submitted_level"),
    ]

    operations = [
        migrations.AddField(
            model_name="loopdecision",
            name="open_interviews",
            field=models.CharField(blank=True, max_length=1000),
        ),
        migrations.RunPython(drop_no_hire_levels, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="loopdecision",
            constraint=models.CheckConstraint(
                condition=models.Q(("outcome", "no_hire"), _negated=True) | models.Q(level=""),
                name="loop_no_hire_has_no_level",
            ),
        ),
    ]
