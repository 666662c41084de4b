from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hygie.orgs.access import org_view


@org_view("identity.check")
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "identity/home.html")
