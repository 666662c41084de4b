"""The incident page under stress: the reflexes first, a tick that does not
move the page, and every number one tap away."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hygie.incidents import actions
from hygie.incidents.models import EntryKind
from hygie.orgs.models import Contacts
from hygie.tests.base import BaseTestCase


class CrisisScreenTestCase(BaseTestCase):
    def setUp(self):
        self.incident = actions.declare(
            self.org, kind="rancongiciel", discovered_at=timezone.now(), actor=self.titulaire
        )
        self.client = Client()
        self.client.force_login(self.titulaire)
        self.page = reverse("incidents:detail", args=[self.org.code, self.incident.pk])
        self.tick = reverse("incidents:tick", args=[self.org.code, self.incident.pk])

    def test_the_reflexes_come_before_the_obligations(self):
        html = self.client.get(self.page).content.decode()
        self.assertLess(html.index('id="reflexes"'), html.index('id="delais"'))
        self.assertLess(html.index('id="delais"'), html.index('id="aide"'))

    def test_with_htmx_a_tick_answers_the_reflexes_and_the_timeline_alone(self):
        response = self.client.post(
            self.tick, {"reflexe": "couper-le-reseau"}, headers={"HX-Request": "true"}
        )
        self.assertTemplateUsed(response, "incidents/_reflexes.html")
        self.assertTemplateNotUsed(response, "base.html")
        html = response.content.decode()
        self.assertTrue(
            html.strip().startswith('<section class="card stack" aria-labelledby="reflexes"')
        )
        self.assertIn('<span class="badge badge--ok">fait</span>', html)
        self.assertIn('id="chronologie-liste" hx-swap-oob="true"', html)
        self.assertIn("ordinateur a été déconnecté du réseau", html)
        # The next reflex to do takes the focus.
        self.assertIn('value="ne-pas-payer"', html.split("autofocus")[0].rsplit("<button", 1)[1])

    def test_without_javascript_a_tick_returns_to_the_reflex(self):
        response = self.client.post(self.tick, {"reflexe": "couper-le-reseau"})
        self.assertRedirects(response, self.page + "#reflexe-couper-le-reseau")
        self.assertContains(self.client.get(self.page), 'id="reflexe-couper-le-reseau"')

    def test_a_reflex_ticked_twice_is_recorded_once(self):
        for _ in range(2):
            self.client.post(self.tick, {"reflexe": "couper-le-reseau"})
        self.assertEqual(self.incident.timeline.filter(kind=EntryKind.REFLEX).count(), 1)

    def test_an_unknown_reflex_is_said_and_nothing_is_recorded(self):
        response = self.client.post(self.tick, {"reflexe": "inconnu"}, follow=True)
        self.assertContains(response, "Réflexe inconnu")
        response = self.client.post(
            self.tick, {"reflexe": "inconnu"}, headers={"HX-Request": "true"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.incident.timeline.filter(kind=EntryKind.REFLEX).exists())

    def test_every_number_is_a_link_that_dials_it(self):
        Contacts.objects.create(
            org=self.org,
            prestataire="Info Santé 33",
            prestataire_tel="05 56 00 00 00",
            editeur_tel="0800 123 456",
            assureur="Mutuelle des médecins",
            assureur_tel="+33 1 23 45 67 89",
            referent_tel="06.12.34.56.78",
            cyber_regional="Cyber Assistance",
            cyber_regional_tel="0 800 100 200",
        )
        page = self.client.get(self.page)
        for number, href in [
            ("05 56 00 00 00", "tel:0556000000"),
            ("0800 123 456", "tel:0800123456"),
            ("+33 1 23 45 67 89", "tel:+33123456789"),
            ("06.12.34.56.78", "tel:0612345678"),
            ("0 800 100 200", "tel:0800100200"),
            ("09 72 43 91 25", "tel:0972439125"),  # CERT Santé (regulation.md § 7)
            ("17", "tel:17"),  # police secours, with 17Cyber
        ]:
            with self.subTest(number):
                self.assertContains(page, f'<a class="tel" href="{href}">{number}</a>', html=True)

    def test_a_number_in_a_reflex_dials_too(self):
        incident = actions.declare(
            self.org, kind="compte-ameli-pro", discovered_at=timezone.now(), actor=self.titulaire
        )
        page = self.client.get(reverse("incidents:detail", args=[self.org.code, incident.pk]))
        self.assertContains(page, '<a class="tel" href="tel:3608">3608</a>', html=True)
