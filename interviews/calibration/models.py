"""Calibration summaries: sufficient statistics per month, refreshed in SQL by a Celery task.

The page never reads ratings. It sums these cells over the chosen kit, topic and months, and the
statistics (means, spreads, correlations, Krippendorff's alpha) are computed from the sums, which is
exact: every one of them is a function of sums that add up across months.

Their tables keep the names they had when these models belonged to the interviews app
(`Meta.db_table`; migrations/0001_initial.py moved them without touching the database).
"""

from django.conf import settings
from django.db import models

from questionbank.models import Kit, Question, Topic


class CalibrationCell(models.Model):
    kit = models.ForeignKey(Kit, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()

    class Meta:
        abstract = True


class QuestionCalibrationCell(CalibrationCell):
    """x is a rating's anchor level as submitted; y the panel's final level (mean of the
    scorecards' levels)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    n = models.PositiveIntegerField()
    sum_x = models.FloatField()
    sum_xx = models.FloatField()
    sum_y = models.FloatField()
    sum_yy = models.FloatField()
    sum_xy = models.FloatField()
    n_ceiling = models.PositiveIntegerField(help_text="ratings at level 4")
    n_floor = models.PositiveIntegerField(help_text="ratings at level 1")
    n_1 = models.PositiveIntegerField()
    n_2 = models.PositiveIntegerField()
    n_3 = models.PositiveIntegerField()
    n_4 = models.PositiveIntegerField()

    class Meta:
        db_table = "interviews_questioncalibrationcell"
        constraints = [
            models.UniqueConstraint(
                fields=["question", "kit", "topic", "month"], name="one_question_cell"
            )
        ]

    def __str__(self) -> str:
        return f"question {self.question_id} in {self.month:%Y-%m}: {self.n} ratings"


class CoincidenceCell(CalibrationCell):
    """Krippendorff's coincidences: pairs of levels (c, k) given to the same answer, weighted
    1 / (raters of that answer - 1)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    c = models.PositiveSmallIntegerField()
    k = models.PositiveSmallIntegerField()
    weight = models.FloatField()

    class Meta:
        db_table = "interviews_coincidencecell"
        constraints = [
            models.UniqueConstraint(
                fields=["question", "kit", "topic", "month", "c", "k"], name="one_coincidence_cell"
            )
        ]

    def __str__(self) -> str:
        return f"question {self.question_id} in {self.month:%Y-%m}: ({self.c}, {self.k})"


class InterviewerCalibrationCell(CalibrationCell):
    """Each rating compared with the mean of the co-panelists' ratings of the same answer, and how
    many of the interviewer's ratings were amended after they could read another scorecard."""

    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    n = models.PositiveIntegerField()
    sum_diff = models.FloatField()
    sum_diff_sq = models.FloatField()
    n_disagree = models.PositiveIntegerField(help_text="ratings 2+ levels from a co-panelist")
    # Counted over every rating of theirs, compared or not (a cell may hold only these, n = 0).
    # db_default: the refresh of the release before, still running during a deploy, omits it.
    n_amended_after_reading = models.PositiveIntegerField(
        default=0,
        db_default=0,
        help_text="ratings amended after another panelist on the interview had submitted",
    )

    class Meta:
        db_table = "interviews_interviewercalibrationcell"
        constraints = [
            models.UniqueConstraint(
                fields=["interviewer", "kit", "topic", "month"], name="one_interviewer_cell"
            )
        ]

    def __str__(self) -> str:
        return f"interviewer {self.interviewer_id} in {self.month:%Y-%m}: {self.n} ratings"


class CalibrationRun(models.Model):
    started_at = models.DateTimeField()
    seconds = models.FloatField()
    interviews = models.PositiveIntegerField()
    ratings = models.PositiveIntegerField()

    class Meta:
        db_table = "interviews_calibrationrun"
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        return f"calibration at {self.started_at:%Y-%m-%d %H:%M} ({self.ratings} ratings)"


class QuestionFlag(models.Model):
    """A question's calibration flags over all data, written by each refresh for the admin."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="calibration")
    flags = models.JSONField(default=list)
    ratings = models.PositiveIntegerField(default=0)
    discrimination = models.FloatField(null=True)

    class Meta:
        db_table = "interviews_questionflag"

    def __str__(self) -> str:
        return f"{self.question_id}: {', '.join(self.flags) or 'no flags'}"
