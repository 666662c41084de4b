"""Create the bench's regional body and open the ready-made survey; print its
public path as JSON. With --count: print how many responses it holds."""

from __future__ import annotations

import json
import sys

import django

django.setup()

from hygie.orgs.models import Kind, Organisation  # noqa: E402
from hygie.surveys import actions  # noqa: E402
from hygie.surveys.models import Response, Survey  # noqa: E402

NAME = "GRADeS du banc d'essai"

if "--count" in sys.argv:
    survey = Survey.objects.get(org__name=NAME)
    print(json.dumps({"responses": Response.objects.filter(survey=survey).count()}))
else:
    region = Organisation.objects.create(name=NAME, kind=Kind.APPUI)
    survey = actions.create_from_template(region, actions.READY_MADE, None)
    survey.status = Survey.Status.OPEN
    survey.save(update_fields=["status"])
    print(json.dumps({"path": survey.public_path()}))
