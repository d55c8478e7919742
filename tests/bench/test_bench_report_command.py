"""bench_report builds a realistic report and prints its timings, leaving nothing behind."""

from io import StringIO

from django.core.management import call_command

from interviews.models import Interview
from interviews.reports.models import Report
from questionbank.models import Question


def test_it_prints_the_html_and_pdf_times_and_rolls_back(db):
    out = StringIO()
    call_command("bench_report", questions=4, panelists=2, repeat=1, stdout=out)
    text = out.getvalue()
    assert "4 questions x 2 panelists" in text
    assert "HTML build" in text
    assert "Report PDF" in text
    assert "Candidate feedback PDF" in text
    assert not Interview.objects.exists()
    assert not Report.objects.exists()
    assert not Question.objects.filter(slug__startswith="bench-").exists()
