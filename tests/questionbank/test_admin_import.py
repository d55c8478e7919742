"""YAML import as an upload in the admin: all or nothing, every problem listed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from questionbank.forms import MAX_IMPORT_BYTES
from questionbank.models import Question, QuestionRevision, Topic
from tests.questionbank import admin_factories as make

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:questionbank_question_import")

TOPIC_YAML = """\
format: loupe-questionbank/1
topics:
  - slug: scheduler
    name: Scheduler and GOMAXPROCS
"""

QUESTION_YAML = """\
format: loupe-questionbank/1
questions:
  - slug: syscall-handoff
    topic: scheduler
    tags: [runtime]
    title: Blocking syscalls and the scheduler
    prompt: |
      What happens to the other goroutines when one blocks in a syscall?
    expected_minutes: 8
    target_level: senior
    follow_ups:
      - What changes with GOMAXPROCS=1?
    rubric:
      anchors:
        - level: 1
          text: Cannot say what the scheduler does.
        - level: 2
          text: Names G, M and P.
        - level: 3
          text: Explains handoff of the P, separate from work stealing.
        - level: 4
          text: Also knows sysmon retakes the P from long syscalls.
      signals:
        - level: 3
          text: Names handoff of the P.
      red_flags:
        - Calls it work stealing.
"""

BROKEN_YAML = QUESTION_YAML.replace("target_level: senior", "target_level: wizard").replace(
    "        - level: 4\n", "        - level: 9\n"
)


def upload(name: str, text: str | bytes) -> SimpleUploadedFile:
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="application/yaml")


@pytest.fixture
def curator_client(client, cast):
    client.force_login(cast.curator)
    return client


def bank_state():
    return (
        list(Topic.objects.values_list("slug", "name")),
        list(Question.objects.values_list("slug", "status")),
        QuestionRevision.objects.count(),
    )


def test_the_question_list_links_to_the_import(curator_client):
    page = curator_client.get(reverse("admin:questionbank_question_changelist"))
    assert IMPORT in page.content.decode()


def test_the_import_page_offers_a_multiple_file_input(curator_client):
    page = curator_client.get(IMPORT)
    text = page.content.decode()
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in text
    assert 'type="file"' in text
    assert "multiple" in text


def test_a_good_upload_imports_and_reports_a_summary(curator_client):
    response = curator_client.post(
        IMPORT,
        {"files": [upload("topics.yaml", TOPIC_YAML), upload("questions.yml", QUESTION_YAML)]},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("admin:questionbank_question_changelist")
    messages = [str(message) for message in response.context["messages"]]
    assert any("Questions: 1 created" in message for message in messages)
    question = Question.objects.get(slug="syscall-handoff")
    assert question.status == "published"
    assert question.current_revision.anchors.count() == 4


def test_a_bad_file_lists_every_error_line_and_changes_nothing(curator_client):
    make.question("existing")
    before = bank_state()
    response = curator_client.post(
        IMPORT,
        {"files": [upload("topics.yaml", TOPIC_YAML), upload("broken.yaml", BROKEN_YAML)]},
    )
    text = response.content.decode()
    assert response.status_code == 422
    errors = response.context["errors"]
    assert len(errors) >= 2
    assert all(error.startswith("broken.yaml:") for error in errors)
    assert any("target_level" in error for error in errors)
    for error in errors:
        assert error.replace("'", "&#x27;").replace('"', "&quot;") in text
    assert "Nothing was imported" in text
    assert bank_state() == before  # not even the good topics file


def test_a_file_that_is_not_yaml_is_reported(curator_client):
    before = bank_state()
    response = curator_client.post(IMPORT, {"files": [upload("junk.yaml", "key: [unclosed\n")]})
    assert response.status_code == 422
    assert response.context["errors"][0].startswith("junk.yaml:")
    assert bank_state() == before


def test_an_upload_over_the_limit_is_refused_with_a_message(curator_client):
    before = bank_state()
    big = upload("big.yaml", b"# " + b"x" * MAX_IMPORT_BYTES + b"\n")
    response = curator_client.post(IMPORT, {"files": [big]})
    assert response.status_code == 413
    assert "The upload is too large: at most 5.0\xa0MB in all" in response.content.decode()
    assert bank_state() == before


def test_several_files_over_the_limit_together_are_refused(curator_client):
    half = b"# " + b"x" * (MAX_IMPORT_BYTES // 2) + b"\n"
    files = [upload(f"part{n}.yaml", half) for n in range(3)]
    response = curator_client.post(IMPORT, {"files": files})
    assert response.status_code == 413


def test_only_yaml_files_are_accepted(curator_client):
    response = curator_client.post(IMPORT, {"files": [upload("questions.json", "{}")]})
    assert response.status_code == 422
    assert "questions.json: only .yaml or .yml files can be imported." in response.content.decode()


def test_an_upload_without_a_file_asks_for_one(curator_client):
    response = curator_client.post(IMPORT, {})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()


def test_the_upload_checks_the_csrf_token(cast):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.curator)
    response = strict.post(IMPORT, {"files": [upload("topics.yaml", TOPIC_YAML)]})
    assert response.status_code == 403
    assert not Topic.objects.exists()


def test_an_interviewer_cannot_import(client, cast):
    client.force_login(cast.ada)
    response = client.post(IMPORT, {"files": [upload("topics.yaml", TOPIC_YAML)]})
    assert response.status_code == 302
    assert not Topic.objects.exists()


def test_an_oversized_upload_with_a_valid_token_gets_the_size_message_not_a_csrf_error(cast):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.curator)
    strict.get(IMPORT)
    token = strict.cookies["csrftoken"].value
    big = upload("big.yaml", b"# " + b"x" * (MAX_IMPORT_BYTES + 1) + b"\n")
    response = strict.post(IMPORT, {"csrfmiddlewaretoken": token, "files": [big]})
    assert response.status_code == 413
    assert "The upload is too large" in response.content.decode()
