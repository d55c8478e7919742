"""python manage.py bench_overrides: what config/auth.py and config/cache.py buy, in CPU per call.

Each override of a Django internal stays only while it is measurably cheaper than Django's own;
this prints both, best of five rounds. Needs the real stack (DATABASE_URL, REDIS_URL).
"""

import time
import uuid

from django.conf import settings
from django.contrib.auth import backends, get_user_model
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from config.auth import ModelBackend
from config.cache import RedisCache


def cpu_microseconds(call, calls: int) -> float:
    best = float("inf")
    for _ in range(5):
        started = time.process_time()
        for _ in range(calls):
            call()
        best = min(best, (time.process_time() - started) / calls * 1e6)
    return best


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Print the CPU cost of the user load and a cache GET, Django's way and ours."

    def add_arguments(self, parser):
        parser.add_argument("--calls", type=int, default=2000)

    def handle(self, *args, calls: int, **options):
        if not settings.REDIS_URL:
            raise CommandError("bench_overrides needs REDIS_URL (the Redis cache is measured).")
        try:
            with transaction.atomic():
                user = get_user_model().objects.create_user(username=f"bench-{uuid.uuid4().hex}")
                django_user = cpu_microseconds(
                    lambda: backends.ModelBackend().get_user(user.pk), calls
                )
                our_user = cpu_microseconds(lambda: ModelBackend().get_user(user.pk), calls)
                raise Rollback
        except Rollback:
            pass
        key = f"bench-overrides-{uuid.uuid4().hex}"
        ours, theirs = RedisCache(settings.REDIS_URL, {}), DjangoRedisCache(settings.REDIS_URL, {})
        ours.set(key, "value", 60)
        django_get = cpu_microseconds(lambda: theirs.get(key), calls)
        our_get = cpu_microseconds(lambda: ours.get(key), calls)
        ours.delete(key)
        self.stdout.write(f"bench_overrides: {calls} calls, best of 5, CPU per call")
        self.stdout.write(
            f"  user load  Django {django_user:6.0f} us   config.auth  {our_user:6.0f} us"
        )
        self.stdout.write(
            f"  cache GET  Django {django_get:6.0f} us   config.cache {our_get:6.0f} us"
        )
