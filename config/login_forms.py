"""The sign-in forms of /login/ and /admin/login/: Django's, with the username's length enforced;
and /password/'s, whose old password goes through the same throttle.

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

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
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


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's, with the old password checked through authenticate(): axes's backend refuses it
    while the account or the client is throttled, and records a wrong one as a failed sign-in of
    the account. Otherwise someone holding a stolen session could guess the current password at
    the hasher's speed, unthrottled."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(
            self.request, username=self.user.get_username(), password=old_password
        )
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm

    def get_form_kwargs(self) -> dict:
        return super().get_form_kwargs() | {"request": self.request}
