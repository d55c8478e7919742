from django.urls import reverse

from interviews.calibration.models import QuestionFlag
from interviews.calibration.services import calibration_refresh
from interviews.synthetic import FLAT_QUESTION, generate_synthetic_interviews


def test_the_admin_shows_a_flag_next_to_a_question_that_does_not_discriminate(client, cast):
    generate_synthetic_interviews(interviews=60, interviewers=6, questions=5, seed=3)
    calibration_refresh()
    flat = QuestionFlag.objects.get(question__slug=FLAT_QUESTION)
    assert "does not discriminate" in flat.flags
    client.force_login(cast.curator)
    body = client.get(reverse("admin:questionbank_question_changelist")).content.decode()
    row = body[body.index(f">{FLAT_QUESTION}<") :].split("</tr>")[0]
    assert "does not discriminate" in row


def test_a_question_without_data_shows_no_flag(client, cast):
    generate_synthetic_interviews(interviews=60, interviewers=6, questions=5, seed=3)
    client.force_login(cast.curator)
    body = client.get(reverse("admin:questionbank_question_changelist")).content.decode()
    assert "does not discriminate" not in body  # no refresh yet: nothing to show
