"""`manage.py generate_synthetic_interviews` names a bad option and creates nothing; a good one says
what it made."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from interviews.models import Interview, Rating

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"interviews": 0}, "--interviews must be at least 1"),
        ({"interviews": -5}, "--interviews must be at least 1"),
        ({"interviewers": 2, "panel": 3}, "--panel must be between 2 and --interviewers"),
        ({"panel": 1}, "--panel must be between 2 and --interviewers"),
        ({"questions": 2}, "--questions must be at least 3 (two are planted)"),
    ],
)
def test_a_bad_option_is_named_and_nothing_is_created(options, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("generate_synthetic_interviews", **options)
    assert not Interview.objects.exists()


def test_a_word_where_a_number_belongs_is_named():
    with pytest.raises(CommandError, match="invalid int value: 'many'"):
        call_command("generate_synthetic_interviews", "--interviews", "many")


def test_it_says_what_it_created():
    out = StringIO()
    call_command(
        "generate_synthetic_interviews",
        interviews=4,
        interviewers=3,
        questions=3,
        panel=2,
        stdout=out,
    )
    ratings = Rating.objects.count()
    assert Interview.objects.filter(state=Interview.State.COMPLETED).count() == 4
    assert ratings == 4 * 2 * 3
    assert f"Created 4 interviews with {ratings} ratings on kit 'synthetic-bank'" in out.getvalue()
