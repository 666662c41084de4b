from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def index(request: HttpRequest) -> HttpResponse:
    """The public awareness pages, printable, each with its sources."""
    return render(request, "awareness/index.html", {})
