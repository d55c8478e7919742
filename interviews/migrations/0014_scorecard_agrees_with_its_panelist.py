"""A scorecard's interview and interviewer are its panelist's, enforced by the database.

A scorecard names its panelist (`panelist`) and repeats the panelist's interview and user
(`interview`, `interviewer`); nothing refused a row where they disagree. Existing rows are first
put in agreement, trusting the scorecard's (interview, interviewer): that pair is what access
checks, live writes and the ratings' questions have always used, so it is whose scorecard it is.

- A scorecard pointing at someone else's panelist is moved to the panelist of its own
  (interview, interviewer). If that person is not on the interview's panel, a panelist is created
  for them (not the lead): the scorecard and its ratings are kept, never deleted.
- A panelist left without a scorecard by that move (or without one before) gets an empty,
  unsubmitted scorecard with a rating row per question, as scheduling creates them.
- On a completed or cancelled interview that scorecard's ratings are created locked, and it stays
  unsubmitted for good: submitting needs a live interview, so it can never be filled in, and the
  reports, the verdict, calibration and the reminders (which read submitted scorecards, or open
  ones on live interviews only) ignore it. It only exists so that every panelist has one.
- What it changed is printed: scorecards moved, panelists created, scorecards created (and how
  many of those on closed interviews).

Then, on PostgreSQL, a composite foreign key (panelist_id, interview_id, interviewer_id) ->
panelist (id, interview_id, user_id) refuses any new disagreement. Going back drops the key and
leaves the data as it is (it was only made consistent).

The same step gives the panelist vocabulary to names that still said "seat": the user's reverse
relation (`panel_seats` -> `panelists`) and Panelist's one-per-person constraint.
"""

from django.conf import settings
from django.db import migrations, models

CLOSED_STATES = ("completed", "cancelled")


def agree(apps, schema_editor):
    Panelist = apps.get_model("interviews", "Panelist")
    Scorecard = apps.get_model("interviews", "Scorecard")
    Rating = apps.get_model("interviews", "Rating")
    InterviewQuestion = apps.get_model("interviews", "InterviewQuestion")
    disagreeing = [
        card
        for card in Scorecard.objects.select_related("panelist").only(
            "pk", "interview_id", "interviewer_id", "panelist__interview_id", "panelist__user_id"
        )
        if (card.panelist.interview_id, card.panelist.user_id)
        != (card.interview_id, card.interviewer_id)
    ]
    # Cleared first (the field is nullable for this step), so that two scorecards pointing at
    # each other's panelist swap without tripping the one-scorecard-per-panelist constraint.
    Scorecard.objects.filter(pk__in=[card.pk for card in disagreeing]).update(panelist=None)
    panelists_created = 0
    for card in disagreeing:
        panelist, created = Panelist.objects.get_or_create(
            interview_id=card.interview_id, user_id=card.interviewer_id
        )
        panelists_created += created
        Scorecard.objects.filter(pk=card.pk).update(panelist=panelist)
    scorecards_created = on_closed = 0
    for panelist in Panelist.objects.filter(scorecard__isnull=True).select_related("interview"):
        card = Scorecard.objects.create(
            interview_id=panelist.interview_id, interviewer_id=panelist.user_id, panelist=panelist
        )
        locked = panelist.interview.state in CLOSED_STATES
        Rating.objects.bulk_create(
            Rating(scorecard=card, interview_question=question, locked=locked)
            for question in InterviewQuestion.objects.filter(interview_id=panelist.interview_id)
        )
        scorecards_created += 1
        on_closed += locked
    # Shown in the migrate command's output, so whoever runs it sees what it touched.
    print(
        f"\n  scorecards moved to their own panelist: {len(disagreeing)}; "
        f"panelists created: {panelists_created}; empty scorecards created: "
        f"{scorecards_created} ({on_closed} on completed or cancelled interviews, ratings locked)"
    )
    if schema_editor.connection.vendor == "postgresql":
        # The foreign keys' checks of these writes are deferred; PostgreSQL alters no table with
        # checks pending, so they run now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


AGREE = [
    "ALTER TABLE interviews_scorecard ADD CONSTRAINT scorecard_agrees_with_panelist "
    "FOREIGN KEY (panelist_id, interview_id, interviewer_id) "
    "REFERENCES interviews_panelist (id, interview_id, user_id) DEFERRABLE INITIALLY DEFERRED",
]
DISAGREE = ["ALTER TABLE interviews_scorecard DROP CONSTRAINT scorecard_agrees_with_panelist"]


def statements(sql: list[str]):
    # SQLite cannot add a constraint to an existing table: there the scheduling service alone
    # keeps panelists and scorecards in agreement (it is the only writer of both).
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in sql:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0013_amendment_keys"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="scorecard",
            name="panelist",
            field=models.OneToOneField(
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="scorecard",
                to="interviews.panelist",
            ),
        ),
        migrations.RunPython(agree, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="scorecard",
            name="panelist",
            field=models.OneToOneField(
                on_delete=models.deletion.CASCADE,
                related_name="scorecard",
                to="interviews.panelist",
            ),
        ),
        migrations.AddConstraint(
            model_name="panelist",
            constraint=models.UniqueConstraint(
                fields=("id", "interview", "user"), name="panelist_id_interview_user"
            ),
        ),
        migrations.AlterField(
            model_name="panelist",
            name="user",
            field=models.ForeignKey(
                on_delete=models.deletion.PROTECT,
                related_name="panelists",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RemoveConstraint(model_name="panelist", name="one_seat_per_user"),
        migrations.AddConstraint(
            model_name="panelist",
            constraint=models.UniqueConstraint(
                fields=("interview", "user"), name="one_panelist_per_user"
            ),
        ),
        migrations.RunPython(statements(AGREE), statements(DISAGREE)),
    ]
