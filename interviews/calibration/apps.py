from django.apps import AppConfig


class CalibrationConfig(AppConfig):
    """How interviewers and questions behave over time: summaries refreshed in SQL, one page."""

    name = "interviews.calibration"
    label = "calibration"
    verbose_name = "Calibration"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from interviews.calibration import receivers  # noqa: F401  (connects the receivers)
