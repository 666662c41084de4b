"""The practice's backups: its plan, its log and what is due."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hygie.orgs.access import org_view


@org_view("backups.view")
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "backups/home.html", {})
