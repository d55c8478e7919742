"""Loops: a candidate's interviews for one hiring decision, and the decisions recorded on them.

Every existing interview joins a loop: one per candidate, holding all of that candidate's
interviews (before loops, all of a candidate's interviews were one hiring process). Then the
interview's loop becomes required, and on PostgreSQL a composite foreign key makes the database
refuse an interview whose candidate is not its loop's candidate.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def one_loop_per_candidate(apps, schema_editor):
    Interview = apps.get_model("interviews", "Interview")
    Loop = apps.get_model("interviews", "Loop")
    first = {}
    for interview in Interview.objects.order_by("created_at", "pk").only(
        "pk", "candidate_id", "created_by_id", "created_at"
    ):
        first.setdefault(interview.candidate_id, interview)
    for candidate_id, interview in first.items():
        loop = Loop.objects.create(candidate_id=candidate_id, created_by_id=interview.created_by_id)
        Loop.objects.filter(pk=loop.pk).update(created_at=interview.created_at)
        Interview.objects.filter(candidate_id=candidate_id).update(loop=loop)


SAME_CANDIDATE = [
    "CREATE UNIQUE INDEX interviews_loop_id_candidate ON interviews_loop (id, candidate_id)",
    "ALTER TABLE interviews_interview ADD CONSTRAINT interview_candidate_is_its_loops "
    "FOREIGN KEY (loop_id, candidate_id) REFERENCES interviews_loop (id, candidate_id) "
    "DEFERRABLE INITIALLY DEFERRED",
]
NOT_SAME_CANDIDATE = [
    "ALTER TABLE interviews_interview DROP CONSTRAINT interview_candidate_is_its_loops",
    "DROP INDEX interviews_loop_id_candidate",
]


def statements(sql: list[str]):
    # SQLite cannot add a constraint to an existing table: there the scheduling service alone
    # keeps the two in agreement (it is the only writer of both).
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in sql:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('interviews', '0006_candidate_single_line'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Loop',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(blank=True, help_text='What the loop hires for.', max_length=200)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('candidate', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='loops', to='interviews.candidate')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'permissions': [('record_decision', "Can record a loop's hiring decision")],
            },
        ),
        migrations.AddField(
            model_name='interview',
            name='loop',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='interviews', to='interviews.loop'),
        ),
        migrations.CreateModel(
            name='LoopDecision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('outcome', models.CharField(choices=[('hire', 'Hire'), ('no_hire', 'No hire')], max_length=10)),
                ('level', models.CharField(blank=True, choices=[('below_mid', 'Below mid'), ('mid', 'Mid-level'), ('senior', 'Senior'), ('staff', 'Staff')], max_length=12)),
                ('reason', models.TextField()),
                ('decided_at', models.DateTimeField()),
                ('decided_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('loop', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='interviews.loop')),
            ],
            options={
                'ordering': ['loop', '-decided_at', '-id'],
                'get_latest_by': 'decided_at',
                'constraints': [models.CheckConstraint(condition=models.Q(('outcome__in', ['hire', 'no_hire'])), name='loop_decision_outcome_known'), models.CheckConstraint(condition=models.Q(('reason', ''), _negated=True), name='loop_decision_has_a_reason'), models.CheckConstraint(condition=models.Q(models.Q(('outcome', 'hire'), _negated=True), models.Q(('level', ''), _negated=True), _connector='OR'), name='loop_hire_has_a_level')],
            },
        ),
        migrations.RunPython(one_loop_per_candidate, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='interview',
            name='loop',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='interviews', to='interviews.loop'),
        ),
        migrations.RunPython(statements(SAME_CANDIDATE), statements(NOT_SAME_CANDIDATE)),
    ]
