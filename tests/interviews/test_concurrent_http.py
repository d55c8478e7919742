"""Twenty browsers rating one live interview at once, over real HTTP to a live server.

Each panelist's client logs in (a session created server-side), GETs the console for its CSRF token
like the browser does, then posts 100 level ratings over the 10 questions, tracking each question's
level version from the events its responses name (`HX-Trigger`, as the console's saver does). A
few posts deliberately resend an older version, as a stale tab would: those, and only those, must
be refused with a 409. At the end the table holds exactly one row per panelist and question, with
the last level each client saved and a version equal to the number of its successful saves.
"""

import http.client
import json
import random
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.test import Client

from interviews.models import Rating
from tests import factories
from tests.interviews.builders import make_interview

CLIENTS = 20
QUESTIONS = 10
POSTS = 100
# Every 17th post of a client resends the previous version of its question (a stale tab).
STALE_EVERY = 17
TIMEOUT = 20.0
CSRF_HEADER = re.compile(r'"X-CSRFToken": "([^"]+)"')

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Outcome:
    position: int
    stale: bool
    status: int
    problem: str = ""


@dataclass
class Tally:
    """What one client believes it saved: the last level and the number of saves per question."""

    outcomes: list[Outcome] = field(default_factory=list)
    last_level: dict[int, int] = field(default_factory=dict)
    saves: dict[int, int] = field(default_factory=dict)


class Browser:
    """One client with its own cookies; a new connection per request, like a plain HTTP client."""

    def __init__(self, base_url: str, session_key: str):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = {"sessionid": session_key}
        self.csrf = ""

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, dict]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": self.csrf,
                "HX-Request": "true",
            }
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, text, json.loads(response.headers.get("HX-Trigger") or "{}")
        finally:
            connection.close()

    def open_console(self, interview_pk: int) -> None:
        status, text, _ = self.request("GET", f"/i/{interview_pk}/")
        assert status == 200, f"console: {status}"
        match = CSRF_HEADER.search(text)
        assert match and "csrftoken" in self.cookies, "the console sets no CSRF token"
        self.csrf = match.group(1)


def rate_concurrently(browser: Browser, interview_pk: int, seed: int, start) -> Tally:
    rng = random.Random(seed)
    versions = dict.fromkeys(range(1, QUESTIONS + 1), 0)
    tally = Tally()
    start.wait(timeout=TIMEOUT)
    for index in range(POSTS):
        position = index % QUESTIONS + 1
        level = rng.randint(1, 4)
        stale = index % STALE_EVERY == STALE_EVERY - 1 and versions[position] > 0
        if stale:
            # A stale tab sending a different value: resending the stored value is not a conflict.
            level = tally.last_level[position] % 4 + 1
        sent = versions[position] - 1 if stale else versions[position]
        status, _, events = browser.request(
            "POST",
            f"/i/{interview_pk}/q/{position}/level",
            {"level": level, "version": sent},
        )
        outcome = Outcome(position=position, stale=stale, status=status)
        saved = events.get("rating-saved", {}).get("version")
        stored = events.get("rating-conflict", {}).get("stored_version")
        if status == 200:
            if saved != sent + 1:
                outcome.problem = f"saved on version {sent}, answered {saved}"
            versions[position] = sent + 1
            tally.last_level[position] = level
            tally.saves[position] = tally.saves.get(position, 0) + 1
        elif status == 409 and stored != versions[position]:
            outcome.problem = f"409 names {stored}, not {versions[position]}"
        tally.outcomes.append(outcome)
    return tally


def test_twenty_clients_rating_one_interview_leave_exactly_the_expected_rows(live_server):
    panel = [factories.interviewer(f"panelist{n:02d}", f"Panelist {n}") for n in range(CLIENTS)]
    interview = make_interview(panel, questions=QUESTIONS)
    browsers = []
    for user in panel:
        login = Client()
        login.force_login(user)
        browser = Browser(live_server.url, login.cookies["sessionid"].value)
        browser.open_console(interview.pk)
        browsers.append(browser)

    start = threading.Barrier(CLIENTS)
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        futures = [
            pool.submit(rate_concurrently, browser, interview.pk, seed, start)
            for seed, browser in enumerate(browsers)
        ]
        tallies = [future.result(timeout=120) for future in futures]

    outcomes = [outcome for tally in tallies for outcome in tally.outcomes]
    assert len(outcomes) == CLIENTS * POSTS
    assert [o for o in outcomes if o.status >= 500] == []
    assert [o for o in outcomes if not o.stale and o.status != 200] == []
    stale = [o for o in outcomes if o.stale]
    assert stale, "the run included no stale version"
    assert [o for o in stale if o.status != 409] == []
    assert [o for o in outcomes if o.problem] == []

    rows = Rating.objects.filter(scorecard__interview=interview).select_related(
        "scorecard", "interview_question"
    )
    assert rows.count() == CLIENTS * QUESTIONS
    stored = {
        (rating.scorecard.interviewer_id, rating.interview_question.position): rating
        for rating in rows
    }
    assert len(stored) == CLIENTS * QUESTIONS
    for user, tally in zip(panel, tallies, strict=True):
        for position in range(1, QUESTIONS + 1):
            rating = stored[(user.pk, position)]
            expected = (tally.last_level[position], tally.saves[position])
            assert (rating.level, rating.level_version) == expected, (user.username, position)
            assert not rating.skipped
