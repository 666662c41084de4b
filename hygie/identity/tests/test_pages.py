"""The identitovigilance pages: the public NIR check, and the organisation's
hub, NIR check, status helper and MSSanté tools. Bad input gets a French
error on the form (400), never a 500; nothing typed is stored."""

from __future__ import annotations

import html

from django.test import TestCase

from hygie.journal.models import Entry
from hygie.tests.base import BaseTestCase

PUBLIC = "/outils/nir/"


def text(response) -> str:
    return html.unescape(response.content.decode())


class PublicPageTestCase(TestCase):
    def test_it_offers_the_form_without_an_account(self):
        r = self.client.get(PUBLIC)
        self.assertContains(r, "<h1>Vérifier un NIR ou un matricule INS</h1>", html=True)
        for name in ("numero", "sexe", "naissance", "lieu", "oid"):
            self.assertContains(r, f'name="{name}"')

    def test_a_valid_number_consistent_with_its_traits(self):
        r = self.client.post(
            PUBLIC,
            {"numero": "2 55 08 14 168 025 38", "sexe": "F", "naissance": "12/08/1955",
             "lieu": "14168"},
        )  # fmt: skip
        self.assertEqual(r.status_code, 200)
        page = text(r)
        self.assertIn("Aucune erreur trouvée", page)
        self.assertIn("Colombières (Calvados", page)
        self.assertIn("Le sexe correspond au NIR", page)
        self.assertIn("@etalab/decoupage-administratif 6.0.0", page)
        self.assertNotIn("sessionid", r.cookies)

    def test_a_wrong_key_is_explained(self):
        r = self.client.post(PUBLIC, {"numero": "295109912611199"})
        self.assertEqual(r.status_code, 200)
        self.assertIn("Numéro invalide ou incohérent", text(r))
        self.assertIn("Ne corrigez pas la clé", text(r))

    def test_an_unverified_rule_is_flagged(self):
        r = self.client.post(PUBLIC, {"numero": "1552075056123"})
        self.assertContains(r, "texte non vérifié")

    def test_bad_input_gets_a_french_error_not_a_500(self):
        for data, message in [
            ({}, "Saisissez le numéro à vérifier."),
            (
                {"numero": "2550814168025", "naissance": "30/02/1955"},
                "Date de naissance impossible",
            ),
            ({"numero": "2550814168025", "lieu": "Caen"}, "Lieu de naissance illisible"),
            ({"numero": "2550814168025", "sexe": "X"}, "Sélectionnez un choix valide"),
            ({"numero": "x" * 41}, "40 caractères"),
            ({"numero": "2550814168025", "oid": "1.2.3"}, "Sélectionnez un choix valide"),
        ]:
            with self.subTest(data=data):
                r = self.client.post(PUBLIC, data)
                self.assertEqual(r.status_code, 400)
                self.assertIn(message, text(r))
        self.assertEqual(self.client.post(PUBLIC, {"numero": "2550\u00008"}).status_code, 400)
        r = self.client.post(PUBLIC, {"numero": "n'importe quoi !"})
        self.assertEqual(r.status_code, 200)
        self.assertIn("Numéro invalide", text(r))

    def test_it_keeps_nothing(self):
        entries = Entry.objects.count()
        self.client.post(PUBLIC, {"numero": "255081416802538"})
        self.assertEqual(Entry.objects.count(), entries)


class OrgPagesTestCase(BaseTestCase):
    def url(self, page: str = "") -> str:
        return f"/o/{self.org.code}/identite/{page}"

    def test_the_hub_links_the_tools_for_every_member(self):
        for user in (self.titulaire, self.praticien, self.secretaire, self.referent):
            self.login(user)
            r = self.client.get(self.url())
            self.assertEqual(r.status_code, 200)
            for page in ("nir/", "statut/", "mssante/"):
                self.assertContains(r, f'href="{self.url(page)}"')

    def test_an_outsider_gets_404_on_every_page(self):
        self.login(self.outsider)
        for page in ("", "nir/", "statut/", "mssante/"):
            self.assertEqual(self.client.get(self.url(page)).status_code, 404)
            self.assertEqual(self.client.post(self.url(page), {}).status_code, 404)

    def test_the_nir_check_with_an_ins_oid(self):
        self.login(self.secretaire)
        r = self.client.post(
            self.url("nir/"), {"numero": "279035121518989", "oid": "1.2.250.1.213.1.4.10"}
        )
        self.assertEqual(r.status_code, 200)
        self.assertIn("matricule INS de test", text(r))
        self.assertIn("ne doit jamais figurer", text(r))

    def test_the_status_helper(self):
        self.login(self.praticien)
        r = self.client.post(self.url("statut/"), {"insi": "oui", "piece": "non", "cas": "ehpad"})
        self.assertEqual(r.status_code, 200)
        page = text(r)
        self.assertIn("Statut : Identité récupérée (RECUP)", page)
        self.assertIn("Le matricule INS ne doit pas accompagner", page)
        self.assertIn("carte Vitale avec photographie", page)
        r = self.client.post(
            self.url("statut/"), {"insi": "oui", "piece": "oui", "attribut": "FICT"}
        )
        self.assertIn("Statut : Identité provisoire (PROV)", text(r))

    def test_the_status_helper_refuses_bad_answers(self):
        self.login(self.praticien)
        for data in ({}, {"insi": "peut-être", "piece": "oui"}, {"insi": "oui", "piece": "oui",
                     "attribut": "DOUT+FICT"}):  # fmt: skip
            with self.subTest(data=data):
                r = self.client.post(self.url("statut/"), data)
                self.assertEqual(r.status_code, 400)
                self.assertRegex(text(r), "Répondez par oui ou non|Sélectionnez un choix valide")

    def test_the_patient_address(self):
        self.login(self.titulaire)
        r = self.client.post(
            self.url("mssante/"),
            {"matricule": "279035121518989", "statut": "QUAL", "adresse_patient": "1"},
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "279035121518989@patient.mssante.fr")
        r = self.client.post(
            self.url("mssante/"),
            {"matricule": "279035121518989", "statut": "VALI", "adresse_patient": "1"},
        )
        self.assertIn("Hygie ne donne pas d'adresse", text(r))
        self.assertNotIn("279035121518989@patient", text(r))

    def test_the_recipient_check(self):
        self.login(self.titulaire)
        for address, said in [
            ("dupont@ch-xyz.mssante.fr", "espace de confiance MSSanté"),
            ("dr.martin@gmail.com", "Messagerie personnelle grand public"),
            ("accueil@cabinet-martin.fr", "Messagerie ordinaire"),
        ]:
            with self.subTest(address=address):
                r = self.client.post(
                    self.url("mssante/"), {"adresse": address, "destinataire": "1"}
                )
                self.assertEqual(r.status_code, 200)
                self.assertIn(said, text(r))

    def test_the_mssante_page_refuses_bad_input(self):
        self.login(self.titulaire)
        for data in (
            {"adresse": "pas une adresse", "destinataire": "1"},
            {"matricule": "", "statut": "QUAL", "adresse_patient": "1"},
            {"matricule": "279035121518989", "statut": "AUTRE", "adresse_patient": "1"},
            {"rien": "1"},
        ):
            with self.subTest(data=data):
                self.assertEqual(self.client.post(self.url("mssante/"), data).status_code, 400)
