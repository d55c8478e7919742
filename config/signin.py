"""The sign-in pages: Django's password form and/or single sign-on, as the settings say.

LOCAL_LOGIN_ENABLED=false leaves SSO only: the password form is gone from /login/, a password POST
is refused (403) there and on /admin/login/ (which sends the browser to /login/). An administrator
locked out with the provider down signs in with a one-time link from the command line:
`manage.py break_glass <superuser>` (config/management/commands/break_glass.py).
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache

from config.login_forms import LoginForm

BREAK_GLASS_SALT = "loupe.break-glass"
BREAK_GLASS_SECONDS = 600


def sso_enabled() -> bool:
    return bool(settings.OIDC_ISSUER)


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True
    # A bounded username (config/login_forms.py): an over-long one is a counted failed sign-in.
    authentication_form = LoginForm

    def post(self, request, *args, **kwargs):
        if not settings.LOCAL_LOGIN_ENABLED:
            return HttpResponseForbidden("Password sign-in is turned off: use single sign-on.")
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, sso_enabled=sso_enabled(), local_login=settings.LOCAL_LOGIN_ENABLED
        )


@login_not_required
@never_cache
def admin_login(request, extra_context=None):
    """/admin/login/: Django's admin form, or with local sign-in off, the SSO login page."""
    if settings.LOCAL_LOGIN_ENABLED:
        return admin.site.login(request, extra_context)
    if request.method == "POST":
        return HttpResponseForbidden("Password sign-in is turned off: use single sign-on.")
    next_url = request.GET.get("next") or reverse("admin:index")
    return HttpResponseRedirect(f"{reverse('login')}?{urlencode({'next': next_url})}")


def break_glass_token(user) -> str:
    """One use: the token carries the last sign-in time, which signing in with it moves on."""
    last = user.last_login.isoformat() if user.last_login else ""
    return signing.dumps({"id": user.pk, "last": last}, salt=BREAK_GLASS_SALT)


@login_not_required
@never_cache
def break_glass(request, token: str):
    try:
        data = signing.loads(token, salt=BREAK_GLASS_SALT, max_age=BREAK_GLASS_SECONDS)
    except signing.BadSignature:
        return render(
            request,
            "registration/sso_refused.html",
            {"why": "This break-glass link is invalid or expired."},
            status=403,
        )
    user = get_user_model().objects.filter(pk=data["id"], is_superuser=True, is_active=True)
    user = user.first()
    last = user.last_login.isoformat() if user and user.last_login else ""
    if user is None or last != data["last"]:
        return render(
            request,
            "registration/sso_refused.html",
            {"why": "This break-glass link was already used."},
            status=403,
        )
    if request.method != "POST":
        # A GET only shows the button: link previewers and scanners do not use it up.
        return render(request, "registration/break_glass.html", {"user": user})
    login(request, user, backend="config.auth.ModelBackend")
    return HttpResponseRedirect(reverse("admin:index"))
