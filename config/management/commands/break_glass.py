"""`manage.py break_glass <username>`: a one-time sign-in link for a superuser (SSO only mode).

With LOCAL_LOGIN_ENABLED=false and the identity provider down, this is how an administrator gets
in: whoever can run commands on the server already holds the keys. The link works once, for
ten minutes, and only for an active superuser.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from config.signin import break_glass_token


class Command(BaseCommand):
    help = "Print a one-time, ten-minute sign-in link for an active superuser."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--base-url", default="", help="e.g. https://loupe.example.com")

    def handle(self, *args, username, base_url, **options):
        user = (
            get_user_model()
            .objects.filter(username=username, is_superuser=True, is_active=True)
            .first()
        )
        if user is None:
            raise CommandError(f"{username!r} is not an active superuser")
        path = reverse("break_glass", args=[break_glass_token(user)])
        self.stdout.write(base_url.rstrip("/") + path)
