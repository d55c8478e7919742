"""Rating.submitted_level: the level as the scorecard was submitted, which amendments never change.

scorecard_submit sets it in its transaction. Ratings of scorecards submitted before it existed are
back-filled from their history: the old value of the first amendment that changed the rating
("question:<position>": [old, new] in Amendment.changes), or else the current level, which no
amendment has touched. The constraints go in first, while the column is empty; the back-fill also
sets `locked` on those ratings, as every submit since 0004 does (rows submitted before 0004 were
never locked), so that they hold.
"""

from django.db import migrations, models
from django.db.models import F

QUESTION = "question:"


def back_fill(apps, schema_editor):
    Rating = apps.get_model("interviews", "Rating")
    Amendment = apps.get_model("interviews", "Amendment")
    Rating.objects.filter(scorecard__submitted_at__isnull=False).update(
        submitted_level=F("level"), locked=True
    )
    first_old: dict[tuple[int, int], int | None] = {}
    history = Amendment.objects.order_by("created_at", "id").values_list("scorecard_id", "changes")
    for scorecard_id, changes in history.iterator():
        for key, (old, _new) in changes.items():
            if key.startswith(QUESTION):
                first_old.setdefault((scorecard_id, int(key.removeprefix(QUESTION))), old)
    for (scorecard_id, position), level in first_old.items():
        Rating.objects.filter(
            scorecard_id=scorecard_id, interview_question__position=position
        ).update(submitted_level=level)


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0008_amendment_after_reading"),
    ]

    operations = [
        migrations.AddField(
            model_name="rating",
            name="submitted_level",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name="rating",
            constraint=models.CheckConstraint(
                condition=models.Q(submitted_level__isnull=True)
                | (models.Q(submitted_level__gte=1) & models.Q(submitted_level__lte=4)),
                name="rating_submitted_level_1_4",
            ),
        ),
        migrations.AddConstraint(
            model_name="rating",
            constraint=models.CheckConstraint(
                condition=models.Q(submitted_level__isnull=True) | models.Q(locked=True),
                name="submitted_level_only_when_locked",
            ),
        ),
        # Reversed by dropping the column (the AddField above); the locks stay, as they should.
        migrations.RunPython(back_fill, migrations.RunPython.noop, elidable=True),
    ]
