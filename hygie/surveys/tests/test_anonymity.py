"""No table links an answer to a person, an address, a browser or an invitation."""

from django.apps import apps
from django.core import mail
from django.db import models
from django.test import Client

from hygie.journal.models import Entry
from hygie.surveys import actions
from hygie.surveys.models import Answer, BrowserMark, Invitation, Response
from hygie.surveys.tests.base import VALID, SurveyTestCase


def field_names(model) -> set[str]:
    return {f.name for f in model._meta.get_fields() if f.concrete}


class AnonymityTestCase(SurveyTestCase):
    def test_a_response_holds_its_survey_its_minute_its_channel_and_nothing_else(self):
        self.assertEqual(
            field_names(Response), {"id", "survey", "submitted_at", "excluded", "channel"}
        )
        self.assertEqual(
            field_names(Answer), {"id", "response", "question", "choice", "number", "text"}
        )

    def test_the_guards_have_no_key_to_a_response(self):
        for model in (BrowserMark, Invitation):
            with self.subTest(model=model.__name__):
                targets = {
                    f.related_model
                    for f in model._meta.get_fields()
                    if f.concrete and isinstance(f, models.ForeignKey)
                }
                self.assertEqual(targets, {apps.get_model("surveys", "Survey")})
        self.assertNotIn("used_at", field_names(Invitation))

    def test_no_model_of_the_app_points_to_a_person(self):
        user_model = apps.get_model("accounts", "User")
        for model in apps.get_app_config("surveys").get_models():
            for f in model._meta.get_fields():
                if f.concrete and f.is_relation and f.related_model is user_model:
                    # The animateur who created the survey: not a respondent.
                    self.assertEqual((model.__name__, f.name), ("Survey", "created_by"))

    def test_no_column_holds_the_ip_the_cookie_or_the_invitation_token(self):
        actions.add_invitations(self.survey, ["lea@exemple.fr"], self.animateur)
        invitation = Invitation.objects.get()
        token = actions.invitation_token(invitation)
        client = Client(REMOTE_ADDR="203.0.113.9")
        client.get(self.url())
        cookie = client.cookies["hygie_enquete"].value
        url = f"{self.url()}i/{token}/"
        client.get(url)
        client.post(url, VALID)
        response = Response.objects.get()
        self.assertEqual(response.channel, Response.Channel.INVITATION)
        invitation.refresh_from_db()
        self.assertTrue(invitation.used)
        for model in apps.get_app_config("surveys").get_models():
            for row in model.objects.values():
                text = repr(row)
                with self.subTest(model=model.__name__):
                    self.assertNotIn("203.0.113.9", text)
                    self.assertNotIn(cookie, text)
                    self.assertNotIn(token, text)
        # The audit journal was not told either.
        for entry in Entry.objects.all():
            self.assertNotIn("203.0.113.9", repr(entry.__dict__))

    def test_an_invited_answer_leaves_no_join_path(self):
        actions.add_invitations(self.survey, ["a@exemple.fr", "b@exemple.fr"], self.animateur)
        first = Invitation.objects.get(email="a@exemple.fr")
        self.answer(url=actions.invitation_path(first))
        response = Response.objects.get()
        # Nothing the invitation holds varies with the moment it was used.
        used = Invitation.objects.get(used=True)
        self.assertEqual(used.last_sent, None)
        self.assertEqual(used.sent_count, 0)
        self.assertNotIn(
            response.submitted_at.isoformat(), repr(Invitation.objects.values().first())
        )
        self.assertEqual(len(mail.outbox), 0)
