from django.urls import path

from interviews.rooms import views

app_name = "rooms"
urlpatterns = [
    path("i/<id:pk>/room", views.link, name="link"),
    path("i/<id:pk>/room/regenerate", views.regenerate, name="regenerate"),
    path("i/<id:pk>/end", views.end, name="end"),
    path("i/<id:pk>/replay", views.replay, name="replay"),
    # Public: the token is the capability (tests/config/test_login_required.py lists it).
    path("room/<str:token>/", views.room, name="room"),
]
