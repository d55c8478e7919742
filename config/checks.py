from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_secret_key_from_environment(app_configs, **kwargs):
    """The built-in development key must never reach production."""
    if settings.SECRET_KEY_FROM_ENV:
        return []
    return [
        Error(
            "SECRET_KEY is not set in the environment; the built-in development key is in use.",
            hint="Set SECRET_KEY to a long random value, e.g. from `python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'`.",
            id="loupe.E001",
        )
    ]
