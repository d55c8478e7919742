"""The Celery app. Settings come from Django's (CELERY_* names): JSON only, acks late, time limits,
a Redis visibility timeout longer than the longest task."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("loupe")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
