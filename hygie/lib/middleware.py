from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

SAFE_METHODS = ("GET", "HEAD")


def is_private(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether a response is for one person only, so that no browser or proxy
    may keep it (RGPD art. 32: on a shared reception computer, the journal's
    IP addresses or the diagnostic's weaknesses would stay on disk).

    1. A static file is not: WhiteNoise serves it before the session is read
       (the request has no session), and it keeps its long caching.
    2. An answer to a form is.
    3. An answer to someone who sends a cookie besides the CSRF one is: the
       session (every signed-in person, a sign-in half done, a message to
       show) or a phone's cookie in a quiz game.
    4. An answer that sets such a cookie is: a session begins or ends.
    5. An address that holds a secret is (the calendar feed, an invitation, an
       unlock or password link): whoever has it reads the page without signing in.
    The landing page and public tools, to a visitor who is not signed in,
    stay cacheable.
    """
    if not hasattr(request, "session"):
        return False
    if request.method not in SAFE_METHODS:
        return True
    csrf = settings.CSRF_COOKIE_NAME
    if any(name != csrf for name in request.COOKIES) or any(
        name != csrf for name in response.cookies
    ):
        return True
    match = request.resolver_match
    return match is not None and "token" in match.kwargs


def has_no_store(response: HttpResponse) -> bool:
    return "no-store" in response.get("Cache-Control", "")


class SecurityHeadersMiddleware:
    """Add the Content-Security-Policy and Permissions-Policy to every response,
    and forbid caching a response meant for one person (see is_private).

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
        if is_private(request, response) and not has_no_store(response):
            # Django's never_cache: no-store, and no reuse without asking.
            add_never_cache_headers(response)
        return response


def refuse_nul_characters(get_response):
    """A NUL character in the address or its query is refused (400) before any
    view runs: PostgreSQL refuses it in a query, so a view looking up a token
    or a code taken from such an address would fail with a 500."""

    def middleware(request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path_info or "%00" in query or "\x00" in query:
            raise BadRequest("Caractère nul dans l'adresse")
        return get_response(request)

    return middleware
