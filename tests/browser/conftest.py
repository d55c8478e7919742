"""What the console's browser tests share: Ada's console page on the `interview` fixture."""

import pytest


@pytest.fixture
def console(browser_page, login_in_browser, cast, interview):
    """Ada's console on question 1, with JavaScript."""
    login_in_browser(browser_page, cast.ada)
    browser_page.goto(f"/i/{interview.pk}/")
    return browser_page


@pytest.fixture(autouse=True)
def quick_report_builds(pdf_stand_in):
    """A last submit builds the report inline here (Celery runs eagerly in tests), PDFs included:
    browser tests store stand-ins instead, so a submit answers in milliseconds even on a loaded
    machine. The PDFs' own tests (tests/reports) render them for real."""


# The room's real ASGI servers (uvicorn processes): tests/browser/asgi.py.
from tests.browser.asgi import asgi_server, asgi_servers  # noqa: E402, F401
