"""A scorecard's interview and interviewer are its seat's, enforced by the database.

A scorecard names its seat (`panelist`) and repeats the seat's interview and user (`interview`,
`interviewer`); nothing refused a row where they disagree. Existing rows are first put in
agreement, trusting the scorecard's (interview, interviewer): that pair is what access checks,
live writes and the ratings' questions have always used, so it is whose scorecard it is.

- A scorecard pointing at someone else's seat is moved to the seat of its own (interview,
  interviewer). If that person has no seat on the interview, one is created (not the lead): the
  scorecard and its ratings are kept, never deleted.
- A seat left without a scorecard by that move (or without one before) gets an empty, unsubmitted
  scorecard with a rating row per question, as scheduling creates them; on a completed or
  cancelled interview its ratings are locked.

Then, on PostgreSQL, a composite foreign key (panelist_id, interview_id, interviewer_id) ->
panelist (id, interview_id, user_id) refuses any new disagreement. Going back drops the key and
leaves the data as it is (it was only made consistent).
"""

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
    # each other's seat swap without tripping the one-scorecard-per-seat constraint.
    Scorecard.objects.filter(pk__in=[card.pk for card in disagreeing]).update(panelist=None)
    for card in disagreeing:
        seat, _ = Panelist.objects.get_or_create(
            interview_id=card.interview_id, user_id=card.interviewer_id
        )
        Scorecard.objects.filter(pk=card.pk).update(panelist=seat)
    for seat in Panelist.objects.filter(scorecard__isnull=True).select_related("interview"):
        card = Scorecard.objects.create(
            interview_id=seat.interview_id, interviewer_id=seat.user_id, panelist=seat
        )
        locked = seat.interview.state in CLOSED_STATES
        Rating.objects.bulk_create(
            Rating(scorecard=card, interview_question=question, locked=locked)
            for question in InterviewQuestion.objects.filter(interview_id=seat.interview_id)
        )
    if schema_editor.connection.vendor == "postgresql":
        # The foreign keys' checks of these writes are deferred; PostgreSQL alters no table with
        # checks pending, so they run now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


AGREE = [
    "ALTER TABLE interviews_scorecard ADD CONSTRAINT scorecard_is_its_seats "
    "FOREIGN KEY (panelist_id, interview_id, interviewer_id) "
    "REFERENCES interviews_panelist (id, interview_id, user_id) DEFERRABLE INITIALLY DEFERRED",
]
DISAGREE = ["ALTER TABLE interviews_scorecard DROP CONSTRAINT scorecard_is_its_seats"]


def statements(sql: list[str]):
    # SQLite cannot add a constraint to an existing table: there the scheduling service alone
    # keeps seats and scorecards in agreement (it is the only writer of both).
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in sql:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0013_amendment_keys"),
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
                fields=("id", "interview", "user"), name="seat_id_interview_user"
            ),
        ),
        migrations.RunPython(statements(AGREE), statements(DISAGREE)),
    ]
