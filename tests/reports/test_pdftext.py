"""The PDF text extractor the leak tests rely on reads back what WeasyPrint wrote."""

from weasyprint import HTML

from tests.reports.pdftext import pdf_text, squashed


def test_it_reads_back_the_words_of_a_weasyprint_pdf():
    pdf = HTML(
        string="<html><head><title>The document title</title></head><body>"
        "<h1>Hello Zebulon Quartermaine</h1>"
        "<p>Plain words, <b>bold words</b>, accents: Zoë, naïve; a dash — and digits 2.83.</p>"
        "<ul><li>Scheduler: explains handoff of the P</li></ul>"
        + "<p>filler paragraph to wrap lines, " * 40
        + "</p><p>LastLineMarker</p></body></html>"
    ).write_pdf()
    assert b"Zebulon" not in pdf  # compressed and glyph-encoded: a naive search finds nothing
    text = pdf_text(pdf)
    for phrase in (
        "Hello Zebulon Quartermaine",
        "bold words",
        "Zoë, naïve",
        "dash — and digits 2.83",
        "Scheduler: explains handoff of the P",
        "LastLineMarker",
        "The document title",
    ):
        assert squashed(phrase) in squashed(text), phrase


def test_it_does_not_invent_text():
    pdf = HTML(string="<p>Only this sentence.</p>").write_pdf()
    text = pdf_text(pdf)
    assert "Only this sentence." in text
    assert "Zebulon" not in text
