"""The preview: a revision exactly as the interview console shows it (the console's own pane)."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from questionbank import selectors
from questionbank.models import ANCHOR_NAMES
from tests.questionbank import admin_factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator_client(client, cast):
    client.force_login(cast.curator)
    return client


def preview_url(revision) -> str:
    return reverse("admin:questionbank_questionrevision_preview", args=[revision.pk])


def test_it_shows_the_whole_question_card(curator_client):
    question = make.question()
    page = curator_client.get(preview_url(question.current_revision))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Blocking syscalls and the scheduler" in text
    assert "What happens to the other goroutines" in text
    assert "Let the candidate <strong>draw</strong>" in text
    assert "What changes with GOMAXPROCS=1?" in text
    assert "Claims every syscall blocks the whole program" in text
    for level, name in ANCHOR_NAMES.items():
        assert f'data-level="{level}"' in text
        assert name in text
    assert make.ANCHORS[3] in text
    assert "Separates handoff from stealing" in text
    assert "level 3" in text and "level 2" in text
    assert "disabled" in text and 'action="' not in text.split('id="question-title"')[1]


def test_it_lays_the_four_anchors_out_in_level_order(curator_client):
    question = make.question()
    text = curator_client.get(preview_url(question.current_revision)).content.decode()
    positions = [text.index(f'class="anchor" data-level="{level}"') for level in (1, 2, 3, 4)]
    assert positions == sorted(positions)


def test_it_highlights_go_code_with_the_pygments_stylesheet(curator_client):
    question = make.question()
    text = curator_client.get(preview_url(question.current_revision)).content.decode()
    assert '<div class="highlight">' in text
    assert '<span class="kd">func</span>' in text
    assert "css/highlight.css" in text
    assert "css/console.css" in text


def test_it_never_lets_html_in_a_prompt_run(curator_client):
    question = make.question(
        prompt='Hello <script>alert("owned")</script> <img src=x onerror="alert(2)"> '
        '<a href="javascript:alert(3)">link</a>',
        guidance="<iframe src='https://evil.example'></iframe>",
        red_flags=["<b>bold</b> claim"],
    )
    text = curator_client.get(preview_url(question.current_revision)).content.decode()
    assert "<script>alert" not in text
    assert 'alert("owned")' not in text
    assert "onerror" not in text
    assert "javascript:" not in text
    assert "<iframe" not in text
    assert "&lt;b&gt;bold&lt;/b&gt; claim" in text


def test_it_previews_a_draft_and_says_so(curator_client):
    question = make.question()
    draft = make.revise(question, publish=False, title="Draft wording")
    text = curator_client.get(preview_url(draft)).content.decode()
    assert "Draft wording" in text
    assert "revision 2\n  (draft)" in text


def test_the_question_and_revision_pages_link_to_the_preview(curator_client):
    question = make.question()
    revision = question.current_revision
    question_page = curator_client.get(
        reverse("admin:questionbank_question_change", args=[question.pk])
    )
    revision_page = curator_client.get(
        reverse("admin:questionbank_questionrevision_change", args=[revision.pk])
    )
    assert preview_url(revision) in question_page.content.decode()
    assert preview_url(revision) in revision_page.content.decode()


def test_an_unknown_revision_is_a_404(curator_client):
    assert (
        curator_client.get("/admin/questionbank/questionrevision/999999/preview/").status_code
        == 404
    )


def test_the_card_uses_no_inline_style_or_script(curator_client):
    question = make.question()
    revision = selectors.revision_for_display(question)
    card = render_to_string("questionbank/question_card.html", {"revision": revision})
    assert "style=" not in card
    assert "<script" not in card
    assert not re.search(r"<[^>]*\son[a-z]+=", card)  # no onclick= and the like


def test_the_card_runs_no_query_once_the_revision_is_loaded(django_assert_num_queries):
    question = make.question()
    with django_assert_num_queries(5):
        revision = selectors.revision_for_display(question)
    with django_assert_num_queries(0):
        render_to_string("questionbank/question_card.html", {"revision": revision})


CRIB = "Hear: the P is handed off.\nProbe: and an idle P?\nRed flag: <a thread per goroutine>.\n"


def test_it_shows_the_crib_first_and_folds_the_guidance_under_it_as_the_console_does(
    curator_client,
):
    question = make.question(crib=CRIB, starter_code="package main\n", language="go")
    text = curator_client.get(preview_url(question.current_revision)).content.decode()
    pane = text[text.index('id="question-title"') :]
    assert pane.index('class="crib"') < pane.index('<details class="guidance">')
    assert pane.index('<details class="guidance">') < pane.index('class="prose prompt"')
    assert "Probe: and an idle P?<br>Red flag: &lt;a thread per goroutine&gt;." in pane
    assert "package main" in pane


def test_the_card_with_a_crib_and_code_still_runs_no_query(django_assert_num_queries):
    question = make.question(crib=CRIB, starter_code="package main\n", language="go")
    revision = selectors.revision_for_display(question)
    with django_assert_num_queries(0):
        card = render_to_string("questionbank/question_card.html", {"revision": revision})
    assert "style=" not in card
