"""Who reads and who edits the register: the secretary only the processings
she works in, the praticiens all of it, the titulaire and the référent
edit; an outsider gets a 404."""

from hygie.register.models import Processing
from hygie.register.tests.base import RegisterTestCase


class RolesTestCase(RegisterTestCase):
    def test_the_secretary_reads_only_her_processings(self):
        self.build("dossier-patient", "rendez-vous", "comptabilite-fournisseurs")
        ours = set(Processing.objects.filter(secretary=True).values_list("title", flat=True))
        others = set(Processing.objects.filter(secretary=False).values_list("title", flat=True))
        self.assertTrue(ours and others)
        page = self.client_for(self.secretaire).get(self.url("home"))
        for title in ours:
            self.assertContains(page, title)
        for title in others:
            self.assertNotContains(page, f">{title}<")
        hidden = Processing.objects.filter(secretary=False).first()
        self.assertEqual(
            self.client_for(self.secretaire)
            .get(self.url("processing_edit", hidden.pk))
            .status_code,
            403,
        )
        self.assertEqual(
            self.client_for(self.secretaire)
            .get(self.url("export", what="registre", fmt="xlsx"))
            .status_code,
            403,
        )

    def test_praticiens_read_titulaire_and_referent_edit(self):
        (record,) = self.build("dossier-patient")
        page = self.client_for(self.praticien).get(self.url("home"))
        self.assertContains(page, record.title)
        self.assertNotContains(page, self.url("processing_edit", record.pk))
        self.assertEqual(
            self.client_for(self.praticien).get(self.url("processing_edit", record.pk)).status_code,
            403,
        )
        self.assertEqual(
            self.client_for(self.referent).get(self.url("processing_edit", record.pk)).status_code,
            200,
        )
        self.assertEqual(self.client_for(self.outsider).get(self.url("home")).status_code, 404)
