"""The password tool: public, and inside an organisation for its members."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hygie.orgs.access import org_view


def tool(request: HttpRequest) -> HttpResponse:
    return render(request, "passwords/tool.html", {})


@org_view("passwords.use")
def org_tool(request: HttpRequest) -> HttpResponse:
    return render(request, "passwords/tool.html", {})
