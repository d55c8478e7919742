from django.urls import path

from interviews.rooms.consumers import RoomConsumer

websocket_urlpatterns = [path("ws/room/", RoomConsumer.as_asgi())]
