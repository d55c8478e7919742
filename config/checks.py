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


@register(Tags.security, deploy=True)
def check_proxy_hops_behind_a_proxy(app_configs, **kwargs):
    """HTTPS trusted from a proxy's header means a proxy is in front; with no hops trusted, every
    request would share that proxy's address, and one client could exhaust everyone's limits."""
    if not (settings.HTTPS and settings.SECURE_PROXY_SSL_HEADER) or settings.TRUSTED_PROXY_HOPS:
        return []
    return [
        Error(
            "HTTPS is taken from a proxy's header (SECURE_PROXY_SSL_HEADER) but TRUSTED_PROXY_HOPS "
            "is 0: every client would share the proxy's address in the rate limits and the login "
            "throttle.",
            hint="Set TRUSTED_PROXY_HOPS to the number of proxies in front of the app that append "
            "to X-Forwarded-For (1 for a single load balancer).",
            id="loupe.E002",
        )
    ]


@register(Tags.security, deploy=True)
def check_visibility_timeout_outlasts_tasks(app_configs, **kwargs):
    """Below the longest task's hard limit, Redis would hand a task still running (acks_late) to a
    second worker. The tests that kill a worker lower it on purpose; production never may."""
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    if timeout > settings.CELERY_TASK_TIME_LIMIT:
        return []
    return [
        Error(
            f"CELERY_VISIBILITY_TIMEOUT is {timeout} s, not more than the longest task's hard "
            f"limit ({settings.CELERY_TASK_TIME_LIMIT} s): a running task would run twice.",
            hint="Unset CELERY_VISIBILITY_TIMEOUT (default 3600) or raise it above the limit.",
            id="loupe.E003",
        )
    ]


@register(Tags.security, deploy=True)
def check_webhooks_send_only_to_public_addresses(app_configs, **kwargs):
    """Allowing local addresses lets whoever registers an endpoint make the worker POST into the
    private network (its database, Redis, a cloud metadata service)."""
    if not settings.WEBHOOK_ALLOW_LOCAL_ADDRESSES:
        return []
    return [
        Error(
            "WEBHOOK_ALLOW_LOCAL_ADDRESSES is on: webhooks may be sent over plain http and to "
            "loopback, private and link-local addresses.",
            hint="Unset WEBHOOK_ALLOW_LOCAL_ADDRESSES (it is for development and tests).",
            id="loupe.E020",
        )
    ]
