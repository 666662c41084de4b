"""« J'ai cliqué / j'ai saisi mon mot de passe / j'ai ouvert la pièce jointe »:
the incident declaration opens with the right kind and the analysis's summary,
never the message's text; the public page gives the first steps instead."""

from __future__ import annotations

import html
from dataclasses import replace

from django.utils import timezone

from hygie.incidents.models import Incident
from hygie.phishing.tests.base import LOOK_ALIKE, SENDER, signed, written_analysis
from hygie.tests.base import BaseTestCase


class PrefillTestCase(BaseTestCase):
    def answer(self, answer: str, user=None, analysis=None):
        user = user or self.secretaire
        self.login(user)
        return self.client.post(
            f"/o/{self.org.code}/messages/incident/",
            {"analyse": signed(self.org, user, analysis), "reponse": answer},
        )

    def test_a_click_opens_the_declaration_of_a_suspicious_link(self):
        r = self.answer("clic")
        self.assertEqual(r.status_code, 200)
        form = r.context["form"]
        self.assertEqual(form.initial["kind"], "lien-ou-piece-jointe")
        self.assertContains(r, f'action="/o/{self.org.code}/incidents/signaler/"')
        self.assertContains(r, 'value="lien-ou-piece-jointe" required id="id_kind_1" checked')

    def test_the_description_names_date_channel_sender_domains_and_verdict_never_the_text(
        self,
    ):
        description = self.answer("clic").context["form"].initial["description"]
        self.assertTrue(description.startswith("J'ai cliqué sur le lien.\n"), description)
        self.assertIn(
            "Message reçu par e-mail, analysé par Hygie le mardi 3 mars 2026 à 09:20", description
        )
        self.assertIn("« Dangereux » (score 9)", description)
        self.assertIn(f"Expéditeur : Direction Générale des Impôts <{SENDER}>", description)
        self.assertIn(f"Domaines : {LOOK_ALIKE}, office360.com", description)
        self.assertIn(
            "Signaux : Le nom affiché se dit les impôts, l'adresse n'en est pas ; Le lien",
            description,
        )
        self.assertNotIn("120,70", description)
        self.assertNotIn("48h maximum", description)
        self.assertLessEqual(len(description), 4000)

    def test_an_attachment_opened_is_the_same_kind(self):
        self.assertEqual(
            self.answer("piece-jointe").context["form"].initial["kind"], "lien-ou-piece-jointe"
        )

    def test_a_password_typed_is_an_account_to_take_back(self):
        self.assertEqual(
            self.answer("mot-de-passe").context["form"].initial["kind"], "compte-pirate"
        )

    def test_a_password_typed_on_an_ameli_lure_is_the_ameli_pro_account(self):
        lure = written_analysis("sms")
        self.assertEqual(
            self.answer("mot-de-passe", analysis=lure).context["form"].initial["kind"],
            "compte-ameli-pro",
        )
        # A place called Amélie is no Ameli.
        lure.message = replace(lure.message, text="Réservez à Amélie-les-Bains", sender_name="")
        lure.signals = []
        self.assertEqual(
            self.answer("mot-de-passe", analysis=lure).context["form"].initial["kind"],
            "compte-pirate",
        )

    def test_the_declaration_prefilled_becomes_an_incident_when_sent(self):
        r = self.answer("clic")
        form = r.context["form"]
        now = timezone.localtime()
        r = self.client.post(
            f"/o/{self.org.code}/incidents/signaler/",
            {
                "kind": form.initial["kind"],
                "discovered_date": now.strftime("%Y-%m-%d"),
                "discovered_time": now.strftime("%H:%M"),
                "description": form.initial["description"],
            },
        )
        incident = Incident.objects.get(org=self.org)
        self.assertRedirects(r, f"/o/{self.org.code}/incidents/{incident.pk}/")
        self.assertEqual(incident.kind, "lien-ou-piece-jointe")
        self.assertIn(LOOK_ALIKE, incident.description)

    def test_an_unknown_answer_or_an_expired_analysis_opens_nothing(self):
        self.assertEqual(self.answer("j-ai-paye").status_code, 400)
        self.login(self.praticien)
        r = self.client.post(
            f"/o/{self.org.code}/messages/incident/",
            {"analyse": signed(self.org, self.titulaire), "reponse": "clic"},
        )
        self.assertEqual(r.status_code, 400)

    def test_an_outsider_finds_nothing(self):
        r = self.answer("clic", user=self.outsider)
        self.assertEqual(r.status_code, 404)


class PublicStepsTestCase(BaseTestCase):
    def test_a_click_gives_the_reflexes_of_a_suspicious_link_and_where_to_declare_it(self):
        r = self.client.get("/outils/message/que-faire/clic/")
        self.assertContains(r, "Débranchez le câble réseau")
        self.assertContains(r, "/connexion/?next=/accueil/")
        self.assertContains(r, 'href="/urgence/"')

    def test_a_password_typed_gives_the_reflexes_of_an_account_taken_over(self):
        r = self.client.get("/outils/message/que-faire/mot-de-passe/")
        page = html.unescape(r.content.decode())
        self.assertIn("J'ai saisi mon mot de passe : que faire maintenant", page)
        self.assertIn("Depuis un appareil sain, changez le mot de passe du compte.", page)

    def test_a_signed_in_member_is_led_to_declare_it_in_her_organisation(self):
        self.secretaire.last_org = self.org
        self.secretaire.save(update_fields=["last_org"])
        self.login(self.secretaire)
        r = self.client.get("/outils/message/que-faire/piece-jointe/")
        self.assertContains(r, f'href="/o/{self.org.code}/incidents/signaler/"')

    def test_an_unknown_answer_is_not_found(self):
        self.assertEqual(self.client.get("/outils/message/que-faire/autre/").status_code, 404)
