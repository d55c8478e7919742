"""A built report means new completed data: the report task refreshes the calibration summary."""

from interviews.models_calibration import CalibrationRun, QuestionCalibrationCell
from interviews.tasks import build_report
from tests.reports.builders import completed_interview, open_request


def test_building_a_report_refreshes_the_calibration_summary(cast):
    interview = completed_interview([cast.ada, cast.grace], [3, 2])
    assert not CalibrationRun.objects.exists()
    build_report.delay(open_request(interview).pk)  # eager in tests: the refresh runs inline
    run = CalibrationRun.objects.get()
    assert (run.interviews, run.ratings) == (1, 4)
    cells = QuestionCalibrationCell.objects.filter(kit=interview.kit)
    assert sum(cell.n for cell in cells) == 4
