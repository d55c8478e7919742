import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_user_logs_in_through_the_login_page(browser_page, login_in_browser, cast):
    login_in_browser(browser_page, cast.ada)
    assert browser_page.get_by_role("heading", name="Welcome, Ada").is_visible()
    browser_page.get_by_role("button", name="Log out").click()
    browser_page.wait_for_url("**/login/")


def test_a_wrong_password_is_refused_with_a_message(browser_page, cast):
    browser_page.goto("/login/")
    browser_page.get_by_label("Username").fill("ada")
    browser_page.get_by_label("Password").fill("wrong")
    browser_page.get_by_role("button", name="Log in").click()
    assert browser_page.get_by_role("alert").is_visible()
