"""bench_report builds a realistic report and prints its timings, leaving nothing behind."""

from io import StringIO

from django.core.management import call_command

from interviews.models import Interview
from interviews.reports.models import FeedbackPdf, Report, ReportPdf
from questionbank.models import Question


def test_it_prints_the_build_render_and_download_times_and_rolls_back(db):
    out = StringIO()
    call_command("bench_report", questions=4, panelists=2, repeat=1, stdout=out)
    text = out.getvalue()
    assert "4 questions x 2 panelists" in text
    for row in (
        "Report build, total (HTML and 4 PDFs)",
        "HTML build",
        "Managers' PDF (WeasyPrint)",
        "Panel's PDF (WeasyPrint)",
        "Candidate feedback PDF, level shown (WeasyPrint)",
        "Report PDF download (stored)",
        "Report PDF download, none stored (renders)",
        "Candidate feedback PDF download (stored)",
    ):
        assert row in text, row
    assert not Interview.objects.exists()
    assert not Report.objects.exists()
    assert not ReportPdf.objects.exists()
    assert not FeedbackPdf.objects.exists()
    assert not Question.objects.filter(slug__startswith="bench-").exists()
