"""What the calibration page shows, read only from the summary cells (a fixed number of queries)."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Sum

from interviews.calibration.models import (
    CalibrationRun,
    CoincidenceCell,
    InterviewerCalibrationCell,
    QuestionCalibrationCell,
)
from interviews.calibration.statistics import (
    ALPHA_TENTATIVE,
    MIN_PAIRABLE_FOR_VERDICT,
    InterviewerFigures,
    QuestionFigures,
    alpha_verdict,
    krippendorff_alpha_ordinal,
    pearson,
    std,
)

SUMS = ("n", "sum_x", "sum_xx", "sum_y", "sum_yy", "sum_xy", "n_ceiling", "n_floor")
SUMS += ("n_1", "n_2", "n_3", "n_4")


@dataclass(frozen=True)
class CalibrationFilter:
    kit_id: int | None = None
    topic_id: int | None = None
    month_from: date | None = None
    month_to: date | None = None

    def apply(self, queryset):
        if self.kit_id:
            queryset = queryset.filter(kit_id=self.kit_id)
        if self.topic_id:
            queryset = queryset.filter(topic_id=self.topic_id)
        if self.month_from:
            queryset = queryset.filter(month__gte=self.month_from.replace(day=1))
        if self.month_to:
            queryset = queryset.filter(month__lte=self.month_to)
        return queryset


@dataclass
class CalibrationPage:
    questions: list[QuestionFigures]
    interviewers: list[InterviewerFigures]
    overall_alpha: float | None
    overall_pairs: float
    last_run: CalibrationRun | None
    months: list[str] = field(default_factory=list)

    @property
    def overall_verdict(self) -> str:
        return alpha_verdict(self.overall_alpha, self.overall_pairs)

    @property
    def overall_below_threshold(self) -> bool:
        return (
            self.overall_alpha is not None
            and self.overall_pairs >= MIN_PAIRABLE_FOR_VERDICT
            and self.overall_alpha < ALPHA_TENTATIVE
        )

    @property
    def flagged_questions(self) -> list[QuestionFigures]:
        return [q for q in self.questions if q.flags]


def question_figures(filters: CalibrationFilter) -> tuple[list[QuestionFigures], dict, float]:
    rows = (
        filters.apply(QuestionCalibrationCell.objects.all())
        .values("question_id", "question__slug", "question__current_revision__title", "topic__name")
        .annotate(**{name: Sum(name) for name in SUMS})
        .order_by("topic__name", "question__slug")
    )
    coincidences: dict[int, dict[tuple[int, int], float]] = {}
    overall: dict[tuple[int, int], float] = {}
    pair_rows = (
        filters.apply(CoincidenceCell.objects.all())
        .values("question_id", "c", "k")
        .annotate(weight=Sum("weight"))
        .order_by()
    )
    for row in pair_rows:
        key = (row["c"], row["k"])
        coincidences.setdefault(row["question_id"], {})[key] = row["weight"]
        overall[key] = overall.get(key, 0.0) + row["weight"]
    figures = []
    for row in rows:
        n = row["n"] or 0
        matrix = coincidences.get(row["question_id"], {})
        figures.append(
            QuestionFigures(
                question_id=row["question_id"],
                slug=row["question__slug"],
                title=row["question__current_revision__title"] or row["question__slug"],
                topic=row["topic__name"],
                n=n,
                mean=row["sum_x"] / n if n else None,
                spread=std(n, row["sum_x"], row["sum_xx"]),
                ceiling_rate=row["n_ceiling"] / n if n else None,
                floor_rate=row["n_floor"] / n if n else None,
                discrimination=pearson(
                    n, row["sum_x"], row["sum_y"], row["sum_xx"], row["sum_yy"], row["sum_xy"]
                ),
                alpha=krippendorff_alpha_ordinal(matrix),
                pairs=sum(matrix.values()),
                distribution=(row["n_1"], row["n_2"], row["n_3"], row["n_4"]),
            )
        )
    return figures, overall, sum(overall.values())


def interviewer_figures(filters: CalibrationFilter) -> list[InterviewerFigures]:
    rows = (
        filters.apply(InterviewerCalibrationCell.objects.all())
        .values(
            "interviewer_id",
            "interviewer__first_name",
            "interviewer__last_name",
            "interviewer__username",
            "month",
        )
        .annotate(
            n=Sum("n"),
            sum_diff=Sum("sum_diff"),
            n_disagree=Sum("n_disagree"),
            n_amended=Sum("n_amended_after_reading"),
        )
        .order_by("interviewer_id", "month")
    )
    people: dict[int, dict] = {}
    for row in rows:
        name = " ".join(
            part for part in (row["interviewer__first_name"], row["interviewer__last_name"]) if part
        )
        person = people.setdefault(
            row["interviewer_id"],
            {
                "name": name or row["interviewer__username"],
                "n": 0,
                "diff": 0.0,
                "dis": 0,
                "amended": 0,
                "m": [],
            },
        )
        person["n"] += row["n"]
        person["diff"] += row["sum_diff"]
        person["dis"] += row["n_disagree"]
        person["amended"] += row["n_amended"]
        if row["n"]:  # a month of amendments alone compared nothing
            month_mean = row["sum_diff"] / row["n"]
            person["m"].append((row["month"].strftime("%Y-%m"), month_mean, row["n"]))
    figures = [
        InterviewerFigures(
            interviewer_id=interviewer_id,
            name=person["name"],
            n=person["n"],
            leniency=person["diff"] / person["n"] if person["n"] else None,
            disagree_rate=person["dis"] / person["n"] if person["n"] else None,
            by_month=person["m"],
            amended_after_reading=person["amended"],
        )
        for interviewer_id, person in people.items()
    ]
    return sorted(figures, key=lambda f: -(f.leniency or 0))


def calibration_page(filters: CalibrationFilter) -> CalibrationPage:
    questions, overall, pairs = question_figures(filters)
    interviewers = interviewer_figures(filters)
    months = sorted({month for person in interviewers for month, _, _ in person.by_month})
    return CalibrationPage(
        questions=questions,
        interviewers=interviewers,
        overall_alpha=krippendorff_alpha_ordinal(overall),
        overall_pairs=pairs,
        last_run=CalibrationRun.objects.order_by("-started_at").first(),
        months=months,
    )
