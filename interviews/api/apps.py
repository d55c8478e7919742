from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The JSON API: API keys per integration, the idempotency records of retried POSTs."""

    name = "interviews.api"
    label = "api"
    verbose_name = "JSON API"
    default_auto_field = "django.db.models.BigAutoField"
