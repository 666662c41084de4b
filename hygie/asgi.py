import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hygie.settings")

django_application = get_asgi_application()

from django.conf import settings  # noqa: E402  (after Django is set up)

from hygie.lib.asgi import Lanes  # noqa: E402

application = Lanes(
    django_application,
    pages=settings.CONCURRENT_PAGES,
    documents=settings.CONCURRENT_DOCUMENTS,
)
