import logging
import math

import redis
from axes.helpers import get_client_username
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.known_devices import client_for_log

logger = logging.getLogger(__name__)


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("health: the database is down (%s: %s)", type(error).__name__, error)
        return "down"
    return "ok"


def redis_status() -> str:
    if not settings.REDIS_URL:
        return "not configured (embedded default)"
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except redis.RedisError as error:
        logger.warning("health: Redis is down (%s: %s)", type(error).__name__, error)
        return "down"
    return "ok"


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """200 when every configured part answers; 503 naming the part that does not."""
    parts = {"database": database_status(), "redis": redis_status()}
    down = [name for name, status in parts.items() if status == "down"]
    return JsonResponse(parts | ({"down": down} if down else {}), status=503 if down else 200)


def login_throttled(request, original_response=None, credentials=None):
    """Axes's answer to a refused sign-in (AXES_LOCKOUT_CALLABLE): 429, Retry-After, and when."""
    retry_after = max(1, getattr(request, "login_retry_after", 0))
    logger.warning(
        "sign-in refused for %d s: account %r from %s (%s)",
        retry_after,
        get_client_username(request, credentials),
        client_for_log(request),
        request.path,
    )
    context = {
        "seconds": retry_after,
        "minutes": math.ceil(retry_after / 60) if retry_after >= 90 else 0,
        "window": settings.LOGIN_FAILURE_WINDOW_MINUTES,
    }
    response = render(request, "registration/throttled.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return response
