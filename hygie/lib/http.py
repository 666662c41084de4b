from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the ASGI server reports it.

    Behind a reverse proxy, uvicorn's --forwarded-allow-ips makes this the
    real client address (see docs/deploy.md); headers are not trusted here.
    """
    return request.META.get("REMOTE_ADDR") or None


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
