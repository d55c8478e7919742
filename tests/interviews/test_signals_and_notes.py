from django.urls import reverse

from interviews.models import Rating
from questionbank.models import Signal

HTMX = {"HX-Request": "true"}


def url(name, interview, position=1):
    return reverse(f"interviews:{name}", kwargs={"pk": interview.pk, "position": position})


def rating_of(user, position=1) -> Rating:
    return Rating.objects.get(scorecard__interviewer=user, interview_question__position=position)


def signal_ids(interview, position):
    revision = interview.questions.get(position=position).revision
    return list(Signal.objects.filter(revision=revision).values_list("id", flat=True))


def test_it_saves_the_ticked_signals(ada_client, interview, cast):
    ids = signal_ids(interview, 1)
    data = {"signal": [ids[0], ids[2]], "version": 0}
    response = ada_client.post(url("signals", interview), data, headers=HTMX)
    assert response.status_code == 200
    assert rating_of(cast.ada).signal_ids == [ids[0], ids[2]]
    assert rating_of(cast.ada).level is None  # signals hint at a level; they never set it


def test_unticking_every_signal_saves_an_empty_set(ada_client, interview, cast):
    ids = signal_ids(interview, 1)
    ada_client.post(url("signals", interview), {"signal": ids, "version": 0}, headers=HTMX)
    ada_client.post(url("signals", interview), {"version": 1}, headers=HTMX)
    assert rating_of(cast.ada).signal_ids == []


def test_a_signal_of_another_question_is_refused(ada_client, interview, cast):
    foreign = signal_ids(interview, 2)[0]
    response = ada_client.post(
        url("signals", interview), {"signal": [foreign], "version": 0}, headers=HTMX
    )
    assert response.status_code == 422
    assert f"signal {foreign} does not belong to question 1" in response.content.decode()
    assert rating_of(cast.ada).signal_ids == []


def test_a_signal_that_is_not_a_number_is_refused(ada_client, interview):
    response = ada_client.post(
        url("signals", interview), {"signal": ["abc"], "version": 0}, headers=HTMX
    )
    assert response.status_code == 422
    assert "signal: signals are given by their numeric ids" in response.content.decode()


def test_it_saves_notes_exactly_as_typed(ada_client, interview, cast):
    text = "  Talks about the P handoff.\n\nGood <b>point</b> on GOMAXPROCS  "
    response = ada_client.post(url("notes", interview), {"notes": text, "version": 0}, headers=HTMX)
    assert response.status_code == 200
    assert rating_of(cast.ada).notes == text


def test_notes_from_a_stale_tab_are_refused_showing_both_texts(ada_client, interview, cast):
    ada_client.post(url("notes", interview), {"notes": "newer", "version": 0}, headers=HTMX)
    response = ada_client.post(
        url("notes", interview), {"notes": "older", "version": 0}, headers=HTMX
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "newer" in body and "older" in body
    assert rating_of(cast.ada).notes == "newer"


def test_notes_and_level_do_not_conflict_with_each_other(ada_client, interview, cast):
    ada_client.post(url("notes", interview), {"notes": "typed", "version": 0}, headers=HTMX)
    response = ada_client.post(url("rate", interview), {"level": 2, "version": 0}, headers=HTMX)
    assert response.status_code == 200
    rating = rating_of(cast.ada)
    assert (rating.notes, rating.level) == ("typed", 2)


def test_notes_over_the_limit_are_refused(ada_client, interview, cast):
    response = ada_client.post(
        url("notes", interview), {"notes": "x" * 20_001, "version": 0}, headers=HTMX
    )
    assert response.status_code == 422
    assert "notes:" in response.content.decode()
    assert rating_of(cast.ada).notes == ""
