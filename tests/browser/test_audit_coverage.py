"""The audits (tests/browser/test_accessibility.py, test_valid_markup.py) walk every URL of the
URLconfs or say why not. No browser: it runs wherever the suite runs, Chromium or not."""

from tests.browser.audit_urls import NOT_WALKED, ROLES, WALKED, url_names, why_not_walked


def test_the_audit_walks_every_url_or_says_why_not():
    names = url_names()
    unaccounted = sorted(n for n in names - WALKED if why_not_walked(n) is None)
    assert unaccounted == [], "walk these pages or list them in NOT_WALKED with why"
    assert sorted(WALKED - names) == [], "WALKED names URLs that no longer exist"
    assert sorted(WALKED & set(NOT_WALKED)) == []


def test_every_page_whose_content_depends_on_the_reader_is_walked_as_each_reader():
    assert set(ROLES) <= WALKED
    assert all(len(readers) >= 2 for readers in ROLES.values())
