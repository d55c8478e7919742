from django.urls import path

from interviews.calibration import views

app_name = "calibration"
urlpatterns = [
    path("calibration/", views.calibration, name="page"),
    path("calibration/refresh", views.refresh, name="refresh"),
]
