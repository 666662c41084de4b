from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hygie.orgs.access import org_view


@org_view("territory.view")
def home(request: HttpRequest) -> HttpResponse:
    """The hub: for a regional body, its surveys, dashboard and newsletter;
    for a practice, its territories, the surveys it is asked to answer and
    the awareness pages."""
    return render(request, "territory/home.html", {})
