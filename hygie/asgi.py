import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hygie.settings")

django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402  (after Django is set up)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402

from hygie.lib.asgi import Lanes  # noqa: E402
from hygie.quiz.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": Lanes(
            django_application,
            pages=settings.CONCURRENT_PAGES,
            documents=settings.CONCURRENT_DOCUMENTS,
        ),
        # The cyberquiz: sessions for the host, signed cookies for the players,
        # and only from the site's own pages.
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
