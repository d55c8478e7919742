"""Fixtures for the reports tests (the rate-limit isolation all tests share: tests/conftest.py)."""

import pytest


@pytest.fixture
def renders(monkeypatch):
    """Counts WeasyPrint renders (interviews.reports.pdf.html_to_pdf), each still made for real:
    `renders.count`, and the HTML of each in `renders.html`."""
    from types import SimpleNamespace

    from interviews.reports import pdf

    real = pdf.html_to_pdf
    spy = SimpleNamespace(count=0, html=[])

    def counted(html: str) -> bytes:
        spy.count += 1
        spy.html.append(html)
        return real(html)

    monkeypatch.setattr(pdf, "html_to_pdf", counted)
    return spy
