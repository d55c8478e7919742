from django.urls import path

from interviews import views

app_name = "interviews"
urlpatterns = [
    path("", views.home, name="home"),
    path("interviews/new", views.schedule, name="schedule"),
    path("loops/<id:pk>/interviews/new", views.loop_schedule_more, name="loop_schedule_more"),
    path("i/<id:pk>/", views.console, name="console"),
    path("i/<id:pk>/start", views.start, name="start"),
    path("i/<id:pk>/reschedule", views.reschedule, name="reschedule"),
    path("i/<id:pk>/go", views.go, name="go"),
    path("i/<id:pk>/q/<position:position>/level", views.rate, name="rate"),
    path("i/<id:pk>/q/<position:position>/skip", views.skip, name="skip"),
    path("i/<id:pk>/q/<position:position>/signals", views.signals, name="signals"),
    path("i/<id:pk>/q/<position:position>/notes", views.notes, name="notes"),
    path("i/<id:pk>/presence", views.presence, name="presence"),
    path("i/<id:pk>/submit", views.submit, name="submit"),
    path("i/<id:pk>/amend", views.amend, name="amend"),
]
