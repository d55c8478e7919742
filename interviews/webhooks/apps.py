from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Endpoints, the events owed to them (an outbox) and every delivery attempt."""

    name = "interviews.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from interviews.webhooks import receivers  # noqa: F401  (connects the signal receivers)
