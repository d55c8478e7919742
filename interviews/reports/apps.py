from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Candidate reports, the requests that build them, feedback links and scorecard reminders."""

    name = "interviews.reports"
    label = "reports"
    verbose_name = "Reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from interviews.reports import receivers  # noqa: F401  (connects the signal receivers)
