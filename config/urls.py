from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import signin, views
from config.login_forms import AdminLoginForm, PasswordChangeView

# The admin's sign-in goes through the same bounded form (and axes's throttle) as /login/.
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("login/", signin.LoginView.as_view(), name="login"),
    path("login/break-glass/<str:token>/", signin.break_glass, name="break_glass"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("admin/login/", signin.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("interviews.api.urls")),
    path("", include("questionbank.urls")),
    path("", include("interviews.urls")),
    path("", include("interviews.calibration.urls")),
    path("", include("interviews.reports.urls")),
    path("", include("interviews.rooms.urls")),
]

if apps.is_installed("allauth.socialaccount"):  # with OIDC_ISSUER set (config/oidc.py)
    from config import oidc

    urlpatterns += [
        path("login/sso/", oidc.start, name="oidc_start"),
        path("login/sso/callback/", oidc.callback, name="oidc_callback"),
    ]

if settings.BENCHMARK:  # `make bench` only: the floor the rating POST is compared with
    urlpatterns.append(path("", include("bench.urls")))
