from django.apps import AppConfig


class RoomsConfig(AppConfig):
    """The candidate's room: its capability link, the question the lead is on, the shared pad
    (Channels consumer, pycrdt) and its replay."""

    name = "interviews.rooms"
    label = "rooms"
    verbose_name = "Rooms"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from interviews.rooms import receivers  # noqa: F401  (connects the signal receivers)
