"""HTTP to Django, WebSockets (the candidate rooms, /ws/room/) to Channels.

The room routes are looked up by dotted path from settings.ASGI_WEBSOCKET_URLCONF so that config
imports no app (the import contract). Sessions and users come from Channels' auth middleware; the
consumer checks the Origin itself, so a refused socket gets a close code that says why.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

django_application = get_asgi_application()  # sets Django up before the consumers are imported

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AuthMiddlewareStack(URLRouter(import_string(settings.ASGI_WEBSOCKET_ROUTES))),
    }
)
