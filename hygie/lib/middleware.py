from django.conf import settings


class SecurityHeadersMiddleware:
    """Add the Content-Security-Policy and Permissions-Policy to every response.

    The policy allows no inline script or style: templates use static files only,
    and htmx is configured not to inject its indicator styles.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        return response
