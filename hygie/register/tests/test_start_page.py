"""Starting the register: the templates that fit the practice are proposed,
those confirmed are created, and what is still missing is said."""

from hygie.register.models import Processing, Version
from hygie.register.tests.base import RegisterTestCase


class StartTestCase(RegisterTestCase):
    def test_the_templates_that_fit_are_proposed_and_created(self):
        client = self.client_for(self.titulaire)
        page = client.get(self.url("start"))
        # The core processings are proposed ticked; those needing something are not.
        self.assertContains(page, 'value="dossier-patient"')
        chosen = page.context["form"].fields["chosen"].initial
        self.assertIn("dossier-patient", chosen)
        self.assertNotIn("telemedecine", chosen)
        page = client.get(self.url("start") + "?needs=teleconsultation")
        self.assertIn("telemedecine", page.context["form"].fields["chosen"].initial)

        response = client.post(
            self.url("start"), {"chosen": ["dossier-patient", "facturation-teletransmission"]}
        )
        self.assertRedirects(response, self.url("home"))
        titles = list(Processing.objects.filter(org=self.org).values_list("template", flat=True))
        self.assertEqual(titles, ["dossier-patient", "facturation-teletransmission"])
        record = Processing.objects.get(template="dossier-patient")
        self.assertTrue(record.article9)
        self.assertTrue(record.security)
        self.assertEqual(record.retention[0]["active"], {"value": 5, "unit": "years"})
        self.assertEqual(Version.objects.get(org=self.org).number, 1)

        # What is missing is said: the controller's contact and the DPO decision.
        home = client.get(self.url("home"))
        self.assertContains(home, "Ce qui manque")
        self.assertContains(home, "(a)")
        self.assertContains(home, "5 ans en base active, puis 15 ans en archive")
        # The dates a record whose last care was on 3 March 2026 is archived and destroyed
        # (référentiel 2020-081: 5 years, then 15 more).
        dated = client.get(self.url("home") + "?depuis=2026-03-03")
        self.assertContains(dated, "archivé le 03/03/2031, destruction le 03/03/2046")
        # Each retention rule names its source; one to check says what to check, and where.
        self.assertContains(home, 'rel="noopener">Référentiel relatif à la gestion des cabinets')
        self.assertContains(
            home,
            '<span class="badge badge--unverified">texte non vérifié</span><span '
            'class="unverified__check"><span class="visually-hidden"> : </span>Les durées de '
            "conservation et les mesures citées",
        )

    def test_nothing_chosen_is_refused(self):
        response = self.client_for(self.titulaire).post(self.url("start"), {})
        self.assertContains(response, "Cochez au moins un traitement.", status_code=400)
        self.assertFalse(Processing.objects.exists())
