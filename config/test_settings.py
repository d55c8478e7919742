"""The test suite runs on the real stack: PostgreSQL and Redis (defaulting to localhost).

Only what makes tests fast and deterministic differs from production: plain HTTP, a quick password
hasher, tasks eager unless a test starts a real worker (tests/conftest.py: celery_worker).
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/loupe")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")

from config.settings import *  # noqa: F403

HTTPS = False
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# __Host- cookies need HTTPS (tests/config/test_settings_modes.py checks them in production).
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = True
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# The bench app's commands are tested like any other (production installs it only for make bench).
if "bench" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS.append("bench")  # noqa: F405
# Webhook tests send to receivers they start on 127.0.0.1 (and turn this off to test the refusal).
WEBHOOK_ALLOW_LOCAL_ADDRESSES = True
