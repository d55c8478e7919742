"""The console's suggested level: the highest level the ticked signals point to, never counting a
bonus signal (version trivia is never the step between levels, issue 15)."""

import re

import pytest
from django.urls import reverse

from tests.interviews.builders import make_interview, make_kit

HTMX = {"HX-Request": "true"}
SIGNALS = [
    (2, "Names the local run queue."),
    (3, "Separates handoff from work stealing."),
    (4, "Bonus: knows the goroutineleak profile (generally available in Go 1.27)."),
]


@pytest.fixture
def interview(cast):
    return make_interview([cast.ada, cast.grace], kit=make_kit(signals=SIGNALS))


def tick(client, interview, *indexes: int) -> str:
    """Tick those signals of question 1, then the console page as it reloads."""
    revision = interview.questions.get(position=1).revision
    ids = list(revision.signals.order_by("position").values_list("id", flat=True))
    url = reverse("interviews:signals", kwargs={"pk": interview.pk, "position": 1})
    data = {"signal": [ids[index] for index in indexes], "version": 0}
    assert client.post(url, data, headers=HTMX).status_code == 200
    return client.get(reverse("interviews:console", kwargs={"pk": interview.pk})).content.decode()


def test_a_bonus_signal_alone_suggests_no_level(ada_client, interview):
    page = tick(ada_client, interview, 2)
    assert "point to level" not in page


@pytest.mark.parametrize(
    ("ticked", "level"), [((0, 2), 2), ((1, 2), 3), ((0, 1), 3)], ids=["2+bonus", "3+bonus", "2+3"]
)
def test_the_suggested_level_counts_only_signals_that_are_not_bonus(
    ada_client, interview, ticked, level
):
    page = tick(ada_client, interview, *ticked)
    assert f"The ticked signals point to level {level}. The rating is yours to choose." in page


def test_a_bonus_signal_is_shown_as_a_bonus_and_marked_for_the_browser_s_hint(
    ada_client, interview
):
    page = ada_client.get(reverse("interviews:console", kwargs={"pk": interview.pk})).content
    boxes = re.findall(r'<input type="checkbox" name="signal"[^>]*>', page.decode())
    assert ["data-bonus" in box for box in boxes] == [False, False, True]
    assert re.search(
        r"<span>Bonus: knows the goroutineleak[^<]*</span>\s*<span[^>]*>bonus<", page.decode()
    )
    assert ">level 4</span>" not in page.decode()
