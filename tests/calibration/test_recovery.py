"""generate_synthetic_interviews plants a lenient interviewer, a flat question and an easy one; the
analytics, computed in SQL, must find each of them."""

import pytest
from django.contrib.auth.models import User

from interviews.calibration.models import QuestionFlag
from interviews.calibration.selectors import CalibrationFilter, calibration_page
from interviews.calibration.services import calibration_refresh
from interviews.synthetic import (
    EASY_QUESTION,
    FLAT_QUESTION,
    LENIENT,
    generate_synthetic_interviews,
)

# Marks the module as using the database, so that pytest-django creates the test database even
# when this module runs alone; the data itself is built once, in the module fixture.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def page(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            generate_synthetic_interviews(interviews=300, interviewers=8, questions=8, seed=11)
            run = calibration_refresh()
            result = calibration_page(CalibrationFilter())
            # What the admin shows next to each question, as the refresh stored it.
            flags = {row.question_id: row.flags for row in QuestionFlag.objects.all()}
            lenient_id = User.objects.get(username=LENIENT).pk
            transaction.set_rollback(True)
    return run, result, flags, lenient_id


def test_it_counts_what_it_summarised(page):
    run, *_ = page
    assert run.interviews == 300
    assert run.ratings == 300 * 8 * 3


def test_the_lenient_interviewer_is_found(page):
    _, result, _, lenient_id = page
    most_lenient = result.interviewers[0]
    assert most_lenient.interviewer_id == lenient_id
    assert most_lenient.leniency > 0.3
    assert "lenient" in most_lenient.flags
    others = [figure.leniency for figure in result.interviewers[1:]]
    assert max(others) < 0.2
    assert not any("lenient" in figure.flags for figure in result.interviewers[1:])


def test_the_lenient_interviewers_drift_by_month_adds_up_to_the_whole(page):
    _, result, _, lenient_id = page
    lenient = next(f for f in result.interviewers if f.interviewer_id == lenient_id)
    months = [month for month, _, _ in lenient.by_month]
    assert len(months) > 1 and months == sorted(months)
    assert sum(n for _, _, n in lenient.by_month) == lenient.n
    weighted = sum(mean * n for _, mean, n in lenient.by_month) / lenient.n
    assert weighted == pytest.approx(lenient.leniency)
    # The bias was planted for the whole period, so it shows in every month, not on average only.
    assert all(mean > 0 for _, mean, _ in lenient.by_month)


def test_a_lenient_rater_disagrees_by_two_levels_more_often_than_the_rest(page):
    _, result, _, lenient_id = page
    rates = {f.interviewer_id: f.disagree_rate for f in result.interviewers}
    assert all(0 <= rate <= 1 for rate in rates.values())
    assert rates[lenient_id] > max(rate for pk, rate in rates.items() if pk != lenient_id)


def test_the_flat_question_is_flagged_and_the_others_discriminate(page):
    _, result, flags, _ = page
    by_slug = {figure.slug: figure for figure in result.questions}
    assert "does not discriminate" in by_slug[FLAT_QUESTION].flags
    assert abs(by_slug[FLAT_QUESTION].discrimination or 0) < 0.2
    real = [f for slug, f in by_slug.items() if slug not in (FLAT_QUESTION, EASY_QUESTION)]
    assert all(figure.discrimination > 0.5 for figure in real)
    assert "does not discriminate" in flags[by_slug[FLAT_QUESTION].question_id]


def test_the_easy_question_is_flagged_as_aced(page):
    _, result, *_ = page
    easy = next(figure for figure in result.questions if figure.slug == EASY_QUESTION)
    assert easy.ceiling_rate > 0.8
    assert "nearly everyone aces it" in easy.flags


def test_agreement_is_in_the_expected_range(page):
    _, result, *_ = page
    assert 0.5 < result.overall_alpha < 0.95
    assert result.overall_pairs > 0
