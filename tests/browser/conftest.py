"""What the console's browser tests share: Ada's console page on the `interview` fixture."""

import pytest


@pytest.fixture
def console(browser_page, login_in_browser, cast, interview):
    """Ada's console on question 1, with JavaScript."""
    login_in_browser(browser_page, cast.ada)
    browser_page.goto(f"/i/{interview.pk}/")
    return browser_page
