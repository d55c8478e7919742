import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return f"down: {error.__class__.__name__}"
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
        return f"down: {error.__class__.__name__}"
    return "ok"


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """200 when every configured part answers; 503 naming the part that does not."""
    parts = {"database": database_status(), "redis": redis_status()}
    down = [name for name, status in parts.items() if status.startswith("down")]
    return JsonResponse(parts | ({"down": down} if down else {}), status=503 if down else 200)
