from django.apps import AppConfig


class LoupeConfig(AppConfig):
    """Project-wide pieces: accounts and roles, health, the deploy checks."""

    name = "config"
    label = "loupe"
    verbose_name = "Loupe"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from config import (
            checks,  # noqa: F401  (registers the deploy checks)
            converters,
            logredact,
        )
        from config.known_devices import remember
        from config.middleware import record_sign_in
        from config.roles import ensure_roles

        post_migrate.connect(ensure_roles, dispatch_uid="loupe-ensure-roles")
        logredact.install()
        converters.register()  # before any URL conf is read
        user_logged_in.connect(record_sign_in, dispatch_uid="loupe-record-sign-in")
        user_logged_in.connect(remember, dispatch_uid="loupe-remember-device")
