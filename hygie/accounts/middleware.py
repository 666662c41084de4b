import time
from urllib.parse import urlsplit, urlunsplit

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from hygie.journal.actions import record
from hygie.lib.http import is_htmx

# Refresh the activity time at most once a minute: one session write per
# minute of use rather than one per request.
TOUCH_SECONDS = 60
# Recompute the inactivity limit from the person's organisations every 5 minutes.
LIMIT_REFRESH_SECONDS = 300


class SessionGuardMiddleware:
    """End sessions after inactivity and hold locked sessions on the lock screen.

    1. Inactive longer than the limit (the shortest of the person's
       organisations, 30 minutes by default): the session ends.
    2. Locked ("Verrouiller"): every page but the lock screen and logout
       redirects to the lock screen, and the activity time stands still.
    3. Otherwise the activity time is refreshed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)

        from hygie.accounts.actions import idle_minutes_for

        session = request.session
        now = time.time()
        last = session.get("_last")
        idle = session.get("_idle") or idle_minutes_for(user)
        if last is not None and now - last > idle * 60:
            record(
                action="session.expired",
                actor=user,
                details={"inactivité (minutes)": idle},
                request=request,
            )
            logout(request)
            messages.info(
                request,
                f"Votre session a été fermée après {idle} minutes d'inactivité. "
                "Reconnectez-vous pour continuer.",
            )
            return self._to(request, self._with_next("accounts:login", request))

        if session.get("_locked"):
            exempt = (reverse("accounts:locked"), reverse("accounts:logout"))
            if request.path not in exempt:
                return self._to(request, self._with_next("accounts:locked", request))
            # Only the password refreshes the activity time of a locked session:
            # someone at the desk cannot keep it open by reloading the lock screen.
            return self.get_response(request)

        if last is None or now - last > TOUCH_SECONDS:
            session["_last"] = now
        if now - session.get("_idle_at", 0) > LIMIT_REFRESH_SECONDS:
            session["_idle"] = idle_minutes_for(user)
            session["_idle_at"] = now
        return self.get_response(request)

    @staticmethod
    def _with_next(name: str, request) -> str:
        """The page to show, then come back to where the person was.

        An htmx request fetches a fragment and a POST cannot be replayed by a
        redirect: both come back to the page in the address bar, if known.
        """
        back = ""
        if is_htmx(request):
            current = urlsplit(request.headers.get("HX-Current-URL", ""))
            if current.netloc == request.get_host():
                back = urlunsplit(("", "", current.path, current.query, ""))
        elif request.method in ("GET", "HEAD"):
            back = request.get_full_path()
        return f"{reverse(name)}?{urlencode({'next': back})}" if back else reverse(name)

    @staticmethod
    def _to(request, url: str):
        if is_htmx(request):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
