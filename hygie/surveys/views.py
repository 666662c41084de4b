from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hygie.orgs.access import regional_view


@regional_view("surveys.manage")
def survey_list(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/list.html", {})
