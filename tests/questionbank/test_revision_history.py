"""A question's revision history, and a readable diff between any two of its revisions."""

import pytest
from django.urls import reverse

from questionbank.diff import revision_diff
from tests.questionbank import admin_factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator_client(client, cast):
    client.force_login(cast.curator)
    return client


@pytest.fixture
def history():
    """A question with three revisions: r1 and r2 published, r3 a draft."""
    question = make.question(title="Blocking syscalls")
    make.revise(
        question,
        title="Blocking syscalls and handoff",
        prompt=make.GO_PROMPT + "\nAnd what does the P do meanwhile?",
        expected_minutes=15,
        target_level="staff",
        anchors=make.ANCHORS | {4: "Knows the P is handed off to another M."},
        signals=[(2, "Names the local run queue"), (4, "Mentions sysmon retaking the P")],
        red_flags=[],
        follow_ups=["What changes with GOMAXPROCS=1?", "And with cgo calls?"],
    )
    make.revise(question, publish=False, title="Draft three")
    return question


def url(question, **params) -> str:
    base = reverse("admin:questionbank_question_revisions", args=[question.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def sections(page) -> dict:
    return {field.label: field for field in page.context["diff"]}


def test_it_lists_every_revision_with_number_title_and_publication(curator_client, history):
    page = curator_client.get(url(history))
    text = page.content.decode()
    assert page.status_code == 200
    assert [revision.number for revision in page.context["revisions"]] == [3, 2, 1]
    assert "Draft three" in text
    assert "Blocking syscalls and handoff" in text
    published = history.revisions.get(number=1).published_at
    assert published.strftime("%Y-%m-%d %H:%M") in text
    assert "draft" in text


def test_it_compares_the_two_newest_revisions_by_default(curator_client, history):
    page = curator_client.get(url(history))
    assert (page.context["old"].number, page.context["new"].number) == (2, 3)
    changed = {label for label, field in sections(page).items() if field.changed}
    assert "Title" in changed


def test_it_shows_what_changed_field_by_field(curator_client, history):
    page = curator_client.get(url(history, old=1, new=2))
    diff = sections(page)
    text = page.content.decode()

    def added(label):
        return [line.text for line in diff[label].lines if line.kind == "added"]

    def removed(label):
        return [line.text for line in diff[label].lines if line.kind == "removed"]

    assert added("Title") == ["Blocking syscalls and handoff"]
    assert removed("Title") == ["Blocking syscalls"]
    assert added("Prompt") == ["", "And what does the P do meanwhile?"]
    assert (removed("Expected minutes"), added("Expected minutes")) == (["12"], ["15"])
    assert (removed("Target level"), added("Target level")) == (["Senior"], ["Staff"])
    assert added("Anchors") == ["4 Exceptional: Knows the P is handed off to another M."]
    assert added("Signals") == ["[4 Exceptional] Mentions sysmon retaking the P"]
    assert removed("Red flags") == ["Claims every syscall blocks the whole program"]
    assert added("Follow-up probes") == ["And with cgo calls?"]
    assert not diff["Guidance"].changed
    assert "Unchanged." in text
    assert '<tr class="diff-added">' in text
    assert '<tr class="diff-removed">' in text


def test_it_compares_in_either_direction(curator_client, history):
    page = curator_client.get(url(history, old=2, new=1))
    assert page.status_code == 200
    assert [line.text for line in sections(page)["Title"].lines if line.kind == "added"] == [
        "Blocking syscalls"
    ]


def test_it_escapes_html_in_the_diff(curator_client):
    question = make.question(prompt="Safe")
    make.revise(question, prompt="<script>alert(1)</script>")
    text = curator_client.get(url(question)).content.decode()
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"old": 99, "new": 1}, "This question has no revision 99."),
        ({"old": "abc", "new": 1}, "This question has no revision abc."),
        ({"old": 1, "new": 1}, "Choose two different revisions."),
        ({"old": 1}, "This field is required."),
    ],
)
def test_bad_revision_numbers_are_a_form_error_not_a_crash(
    curator_client, history, params, message
):
    page = curator_client.get(url(history, **params))
    assert page.status_code == 400
    assert message in page.content.decode()
    assert page.context["diff"] is None


def test_an_unknown_question_is_a_404(curator_client):
    assert curator_client.get("/admin/questionbank/question/999999/revisions/").status_code == 404


def test_a_single_revision_has_nothing_to_compare(curator_client):
    question = make.question()
    page = curator_client.get(url(question))
    assert page.status_code == 200
    assert "nothing to compare" in page.content.decode()


def test_an_interviewer_cannot_open_the_history(client, cast, history):
    client.force_login(cast.ada)
    assert client.get(url(history)).status_code == 302


def test_identical_content_has_no_changed_field():
    content = make.content()
    assert not any(field.changed for field in revision_diff(content, content))


def test_it_shows_what_changed_in_the_crib_the_starter_code_and_the_learning_notes(
    curator_client,
):
    question = make.question(crib="Hear: handoff.\n")
    make.revise(
        question,
        crib="Hear: handoff of the P.\n",
        starter_code="package main\n",
        language="go",
        learning="Read the scheduler's overview.\n",
    )
    diff = sections(curator_client.get(url(question)))
    assert [(line.kind, line.text) for line in diff["Crib"].lines if line.kind != "hunk"] == [
        ("removed", "Hear: handoff."),
        ("added", "Hear: handoff of the P."),
    ]
    added = [line.text for line in diff["Starter code"].lines if line.kind == "added"]
    assert added == ["(go)", "package main"]
    assert diff["Learning notes"].changed
    assert not diff["Guidance"].changed
