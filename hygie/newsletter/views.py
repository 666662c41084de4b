from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hygie.orgs.access import regional_view


@regional_view("newsletter.manage")
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/home.html", {})
