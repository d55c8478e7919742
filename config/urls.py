from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import views
from config.login_forms import AdminLoginForm, LoginForm, PasswordChangeView

# The admin's sign-in goes through the same bounded form (and axes's throttle) as /login/.
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("admin/", admin.site.urls),
    path("", include("questionbank.urls")),
    path("", include("interviews.urls")),
    path("", include("interviews.calibration.urls")),
    path("", include("interviews.reports.urls")),
    path("", include("interviews.rooms.urls")),
]

if settings.BENCHMARK:  # `make bench` only: the floor the rating POST is compared with
    urlpatterns.append(path("", include("bench.urls")))
