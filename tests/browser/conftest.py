"""What the console's browser tests share: a live interview and Ada's console page on it."""

import pytest

from interviews.rubrics import clear_caches
from tests.interviews.builders import make_interview


@pytest.fixture(autouse=True)
def cold_rubric_cache():
    """The rubric caches are process-wide; every browser test starts and ends with them empty."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def interview(cast):
    """A live interview on a 3-question kit; Ada leads, Grace sits on the panel."""
    return make_interview([cast.ada, cast.grace])


@pytest.fixture
def console(browser_page, login_in_browser, cast, interview):
    """Ada's console on question 1, with JavaScript."""
    login_in_browser(browser_page, cast.ada)
    browser_page.goto(f"/i/{interview.pk}/")
    return browser_page
