import re

import pytest
from django.urls import reverse

from config.numbers import fullwidth
from interviews.calibration.models import CalibrationRun
from interviews.calibration.services import calibration_refresh
from interviews.services import scorecard_amend
from interviews.synthetic import FLAT_QUESTION, SYNTHETIC_KIT, generate_synthetic_interviews
from questionbank.models import Kit, Topic
from tests.reports.builders import enqueue_disabled, make_interview, make_kit, rate, submit

PAGE = reverse("calibration:page")


@pytest.fixture
def data(db):
    generate_synthetic_interviews(interviews=60, interviewers=6, questions=5, seed=3)
    return calibration_refresh()


def test_a_hiring_manager_reads_the_page_with_its_methods_named(client, cast, data):
    client.force_login(cast.manager)
    body = client.get(PAGE).content.decode()
    assert "Krippendorff's alpha for ordinal data" in body
    assert "Pearson correlation" in body
    assert FLAT_QUESTION in body
    assert body.count("<svg") == 3
    assert f"{data.ratings} ratings in 60 interviews" in body


def test_a_curator_may_read_it_and_an_interviewer_may_not(client, cast, data):
    client.force_login(cast.curator)
    assert client.get(PAGE).status_code == 200
    client.force_login(cast.ada)
    assert client.get(PAGE).status_code == 403


def test_it_filters_by_topic_and_month(client, cast, data):
    client.force_login(cast.manager)
    topic = Topic.objects.get(slug="synthetic-bank-topic-2")
    body = client.get(PAGE, {"topic": topic.pk}).content.decode()
    assert FLAT_QUESTION in body  # questions 1 and 5 sit in topic 2 of the load bank
    assert "synthetic-q-04" not in body
    empty = client.get(PAGE, {"month_from": "2000-01", "month_to": "2000-02"}).content.decode()
    assert "No completed interviews in this selection." in empty


def test_it_filters_by_kit(client, cast, data):
    client.force_login(cast.manager)
    load_kit = Kit.objects.get(slug=SYNTHETIC_KIT)
    assert FLAT_QUESTION in client.get(PAGE, {"kit": load_kit.pk}).content.decode()
    other = Kit.objects.create(slug="unused", name="Unused kit", target_level="senior")
    body = client.get(PAGE, {"kit": other.pk}).content.decode()
    assert "No completed interviews in this selection." in body
    assert FLAT_QUESTION not in body


@pytest.mark.parametrize("field", ["kit", "topic"])
@pytest.mark.parametrize("value", ["999999", "abc"])
def test_an_unknown_kit_or_topic_is_named(client, cast, data, field, value):
    client.force_login(cast.manager)
    response = client.get(PAGE, {field: value})
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()


def test_a_kit_or_topic_id_in_other_digits_is_named(client, cast, data):
    client.force_login(cast.manager)
    kit = Kit.objects.get(slug=SYNTHETIC_KIT)
    topic = Topic.objects.order_by("pk").first()
    for field, pk in (("kit", kit.pk), ("topic", topic.pk)):
        response = client.get(PAGE, {field: fullwidth(pk)})
        assert response.status_code == 400
        assert "Select a valid choice." in response.content.decode()


def test_a_backwards_month_range_is_named(client, cast, data):
    client.force_login(cast.manager)
    response = client.get(PAGE, {"month_from": "2026-05", "month_to": "2026-01"})
    assert response.status_code == 400
    assert "The end month is before the start month." in response.content.decode()


def test_a_malformed_month_is_named(client, cast, data):
    client.force_login(cast.manager)
    response = client.get(PAGE, {"month_from": "May"})
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()


def test_the_page_reads_only_the_summary_in_a_fixed_number_of_queries(
    client, cast, data, django_assert_max_num_queries
):
    client.force_login(cast.manager)
    with django_assert_max_num_queries(10):
        assert client.get(PAGE).status_code == 200


def test_refresh_recomputes_the_summary(client, cast, data, django_capture_on_commit_callbacks):
    client.force_login(cast.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("calibration:refresh"))
    assert response.status_code == 302
    assert CalibrationRun.objects.count() == 2


def test_refreshing_twice_gives_the_same_figures(data):
    from interviews.calibration.models import QuestionCalibrationCell

    def snapshot():
        return sorted(
            QuestionCalibrationCell.objects.values_list("question_id", "month", "n", "sum_xy")
        )

    first = snapshot()
    calibration_refresh()
    assert snapshot() == first


def test_a_tiny_sample_is_not_judged(client, cast, db):
    generate_synthetic_interviews(interviews=2, interviewers=3, questions=3, seed=5)
    calibration_refresh()
    client.force_login(cast.manager)
    body = client.get(PAGE).content.decode()
    assert "too few overlapping ratings to judge" in body
    assert "badge badge-bad" not in body


def test_refresh_says_so_when_the_queue_is_down_instead_of_failing(client, cast, data):
    from config.celery import app
    from tests.reports.infra import app_publishing_to, new_queue

    client.force_login(cast.manager)
    saved = (app.conf.broker_connection_max_retries, app.conf.broker_transport_options)
    # Nothing listens on port 1: a real refused connection, with no retries to wait for.
    app.conf.broker_connection_max_retries = 0
    app.conf.broker_transport_options = {**saved[1], "max_retries": 0}
    try:
        with app_publishing_to("redis://127.0.0.1:1/0", new_queue()):
            response = client.post(reverse("calibration:refresh"), follow=True)
    finally:
        app.conf.broker_connection_max_retries, app.conf.broker_transport_options = saved
    assert response.status_code == 200
    assert "Could not queue the refresh" in response.content.decode()
    assert CalibrationRun.objects.count() == 1


def amended_after_reading(body: str) -> dict[str, str]:
    """Interviewer name -> the page's count of their ratings amended after reading."""
    rows = re.findall(
        r'<tr>\s*<td>([^<]+)</td>(?:(?!</tr>).)*?<td class="amended-after-reading">(\d+)</td>',
        body,
        re.S,
    )
    return dict(rows)


def test_it_counts_per_interviewer_the_ratings_amended_after_reading(client, cast):
    interview = make_interview(kit=make_kit(questions=2), panel=[cast.ada, cast.grace])
    rate(interview, cast.ada, [3, 3])
    rate(interview, cast.grace, [1, 2])
    with enqueue_disabled():
        ada = submit(interview, cast.ada)
        # Alone so far: nothing else to read yet.
        scorecard_amend(scorecard=ada, author=cast.ada, ratings={1: 4}, reason="a")
        grace = submit(interview, cast.grace)
        for level in (2, 1):  # the same rating twice: one rating amended
            scorecard_amend(scorecard=ada, author=cast.ada, ratings={2: level}, reason="b")
        scorecard_amend(scorecard=grace, author=cast.grace, level="staff", reason="c")
    calibration_refresh()
    client.force_login(cast.manager)
    body = client.get(PAGE).content.decode()
    assert amended_after_reading(body) == {
        cast.ada.get_full_name(): "1",
        cast.grace.get_full_name(): "0",
    }
    assert "after they could read another scorecard" in body


def test_a_malformed_amendment_key_stored_before_strict_parsing_never_stops_the_refresh(
    client, cast, data, django_capture_on_commit_callbacks
):
    """A target "question:<full-width 3>" was accepted once and stored as sent; PostgreSQL's CAST
    refused it, and with it every refresh. Such a key now counts as no question."""
    from interviews.models import Amendment, Scorecard

    card = Scorecard.objects.filter(submitted_at__isnull=False).order_by("pk").first()
    for changes in ({"question:\uff13": [2, 4]}, {"question:99999999999": [2, 4]}):
        Amendment.objects.create(
            scorecard=card,
            author=card.interviewer,
            changes=changes,
            reason="old",
            after_reading=True,
        )
    client.force_login(cast.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("calibration:refresh"))
    assert response.status_code == 302
    assert CalibrationRun.objects.count() == 2
