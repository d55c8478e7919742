from django.urls import path

from interviews import views

app_name = "interviews"
urlpatterns = [
    path("", views.home, name="home"),
    path("interviews/new", views.schedule, name="schedule"),
    path("loops/<int:pk>/interviews/new", views.loop_schedule_more, name="loop_schedule_more"),
    path("i/<int:pk>/", views.console, name="console"),
    path("i/<int:pk>/start", views.start, name="start"),
    path("i/<int:pk>/reschedule", views.reschedule, name="reschedule"),
    path("i/<int:pk>/go", views.go, name="go"),
    path("i/<int:pk>/q/<int:position>/level", views.rate, name="rate"),
    path("i/<int:pk>/q/<int:position>/skip", views.skip, name="skip"),
    path("i/<int:pk>/q/<int:position>/signals", views.signals, name="signals"),
    path("i/<int:pk>/q/<int:position>/notes", views.notes, name="notes"),
    path("i/<int:pk>/presence", views.presence, name="presence"),
    path("i/<int:pk>/submit", views.submit, name="submit"),
    path("i/<int:pk>/amend", views.amend, name="amend"),
]
