"""Go starter code that does not parse is never published: the import, the admin's form and its
Publish button refuse it, say where in the code, and change nothing (issue 15, "Bad input")."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.urls import reverse

from questionbank import rules, services
from questionbank.importer import import_sources
from questionbank.models import Question, QuestionRevision
from tests.questionbank import admin_factories as make
from tests.questionbank.factories import VALID, bank_counts, import_errors, line_of

pytestmark = pytest.mark.django_db

GO = "package main\n\nfunc main() {\n\tgo work()\n}\n"
BROKEN = "package x\n\nfunc f( {\n"
BROKEN_MESSAGE = (
    "the Go starter code does not parse at line 3, column 1 of the code: cannot read 'func f( {'"
)


def with_code(code: str, language: str = "go") -> str:
    """VALID with starter code on its first question, scheduler-gmp-model."""
    block = "".join(f"      {line}\n" if line else "\n" for line in code.splitlines())
    return VALID.replace(
        "      - What does GOMAXPROCS default to in a container?\n",
        "      - What does GOMAXPROCS default to in a container?\n"
        f"    starter_code: |\n{block}    language: {language}\n",
    )


# --- The import ------------------------------------------------------------------------------


def test_the_import_command_refuses_go_that_does_not_parse_and_says_where(tmp_path, capsys):
    text = with_code(BROKEN)
    path = tmp_path / "bad-go.yaml"
    path.write_text(text)
    with pytest.raises(CommandError, match="import failed with 1 error; nothing was changed"):
        call_command("import_questions", str(path))
    assert capsys.readouterr().err.splitlines() == [
        f"{path}:{line_of(text, 'starter_code: |')}: questions[0].starter_code: {BROKEN_MESSAGE}"
    ]
    assert sum(bank_counts().values()) == 0


def test_an_import_that_breaks_a_question_s_go_leaves_the_bank_as_it_was():
    import_sources([("bank.yaml", with_code(GO))])
    text = with_code(GO.replace("go work()", "go work("))
    [error] = import_errors(text)  # import_errors also checks that nothing changed
    assert error.startswith(f"bank.yaml:{line_of(text, 'starter_code: |')}: ")
    assert "does not parse at line 4, column 9 of the code" in error
    assert Question.objects.get(slug="scheduler-gmp-model").current_revision.number == 1


def test_go_that_parses_imports_and_other_languages_are_not_parsed():
    import_sources([("bank.yaml", with_code(GO))])
    import_sources([("bank.yaml", with_code("def f(:\n", language="python"))])
    revision = Question.objects.get(slug="scheduler-gmp-model").current_revision
    assert (revision.number, revision.language) == (2, "python")


# --- The admin -------------------------------------------------------------------------------


@pytest.fixture
def curator_client(client, cast):
    client.force_login(cast.curator)
    return client


def change_url(revision) -> str:
    return reverse("admin:questionbank_questionrevision_change", args=[revision.pk])


def open_draft(client, question) -> QuestionRevision:
    response = client.post(reverse("admin:questionbank_question_new_revision", args=[question.pk]))
    assert response.status_code == 302
    return question.revisions.get(published_at__isnull=True)


def test_the_draft_form_refuses_go_that_does_not_parse_on_the_starter_code_field(curator_client):
    question = make.question("token-bucket-exercise", starter_code=GO, language="go")
    draft = open_draft(curator_client, question)
    data = make.change_form_data(curator_client.get(change_url(draft)))
    broken = {"starter_code": "package x\nfunc f( {"}
    response = curator_client.post(change_url(draft), data | broken)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["starter_code"] == [
        "The Go starter code does not parse at line 2, column 1 of the code: cannot read "
        "'func f( {'."
    ]
    draft.refresh_from_db()
    assert draft.starter_code == GO


def test_the_publish_button_refuses_a_draft_whose_go_does_not_parse(curator_client):
    question = make.question("token-bucket-exercise", starter_code=GO, language="go")
    draft = make.revise(question, publish=False, starter_code=BROKEN, language="go")
    response = curator_client.post(
        reverse("admin:questionbank_questionrevision_publish", args=[draft.pk]), follow=True
    )
    assert [str(message) for message in response.context["messages"]] == [
        f"token-bucket-exercise r2 cannot be published: {BROKEN_MESSAGE}"
    ]
    assert QuestionRevision.objects.get(pk=draft.pk).is_published is False
    question.refresh_from_db()
    assert question.current_revision.number == 1


def test_a_revision_published_with_broken_go_before_the_rule_can_still_be_corrected(curator_client):
    question = make.question("legacy-go", publish=False, starter_code=BROKEN, language="go")
    QuestionRevision.objects.filter(question=question).update(published_at=F("created_at"))
    Question.objects.filter(pk=question.pk).update(
        current_revision=question.revisions.get(), status=Question.Status.PUBLISHED
    )
    draft = open_draft(curator_client, question)
    data = make.change_form_data(curator_client.get(change_url(draft)))
    response = curator_client.post(change_url(draft), data | {"starter_code": GO})
    assert response.status_code == 302
    services.revision_publish(revision=QuestionRevision.objects.get(pk=draft.pk))
    question.refresh_from_db()
    assert (question.current_revision.number, question.current_revision.starter_code) == (2, GO)


# --- The rule --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("package x\nfunc f() { g( }\n", "line 2, column 13 of the code: cannot read '('"),
        ("package x\n\nfunc f() {\n", "line 3, column 10 of the code: cannot read '{'"),
        ("package x\nfunc f() { x := (1 + 2 }\n", "line 2, column 23 of the code: expected ')'"),
        ("x := 1\n", "line 1, column 1 of the code: a Go file starts with its package clause"),
        (
            "package x\n\nx = 1\n",
            "line 3, column 1 of the code: only declarations belong outside a function, not "
            "'x = 1'",
        ),
        ('// é\npackage x\nfunc f() { s := "é"; a := ]}\n', "line 3, column 22 of the code"),
    ],
    ids=[
        "a bad call",
        "an unclosed brace",
        "a missing parenthesis",
        "no package",
        "a statement outside",
        "columns count",
    ],
)
def test_the_rule_names_the_line_and_column_of_the_first_problem(code, problem):
    [message] = rules.starter_code_syntax_problems(starter_code=code, language="go")["starter_code"]
    assert message.startswith("the Go starter code does not parse at ")
    assert problem in message


@pytest.mark.parametrize(
    "code",
    [
        GO,
        "// Package x holds an exercise.\npackage x\n\ntype A[T any] = []T\n",
        "package x\n\nfunc f() {\n\tfor range 10 {\n\t}\n}\n",
        "package x\n\ntype S[K comparable] struct{}\n\n"
        "func (s *S[K]) Map[V any, W []V](f func(K) V) W { return nil }\n",
    ],
    ids=["a program", "a generic alias (1.24)", "range over an int (1.22)", "a generic method"],
)
def test_the_rule_accepts_go_of_the_current_release(code):
    assert rules.starter_code_syntax_problems(starter_code=code, language="go") == {}
