"""The sign-in forms of /login/ and /admin/login/: Django's, with the username's length enforced.

AuthenticationForm sets the username field's max_length after the field is built, so no length
validator runs and authenticate() was called with a username of any length. A failure is then
recorded by axes (config/login_throttle.py) in AccessAttempt.username, a varchar(255): on
PostgreSQL a longer name raised DataError, the request ended in a 500, and the failure was neither
counted nor logged, so the throttle never applied to it.

A username longer than any account's (150 characters) is cut to one character past that length
before authenticating: no account has such a name, so the attempt fails as any wrong username does,
costs the same hash, is recorded, logged and throttled, and the form says what it says for any
failed sign-in.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm


def longest_username() -> int:
    User = get_user_model()
    return User._meta.get_field(User.USERNAME_FIELD).max_length


class BoundedUsername:
    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        return username[: longest_username() + 1]


class LoginForm(BoundedUsername, AuthenticationForm):
    pass


class AdminLoginForm(BoundedUsername, AdminAuthenticationForm):
    pass
