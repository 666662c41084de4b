"""The letters of a patient's request: each cites its legal basis, names the
right as French writes it and carries the practice's postal address."""

from django.urls import reverse

from hygie.rights.models import PatientRequest
from hygie.rights.tests.base import PatientRequestsTestCase
from hygie.tests.readback import pdf_text


class LettersTestCase(PatientRequestsTestCase):
    def test_each_letter_cites_its_legal_basis(self):
        self.log_a_request(requester_kind="representant", patient_name="Léo Durand")
        patient_request = PatientRequest.objects.get()
        client = self.client_for(self.secretaire)
        cases = [
            ("accuse", ["L1111-7", "quarante-huit heures", "R1111-1"]),
            ("identite", ["R1111-1", "12(6)", "représentant légal"]),
        ]
        for kind, expected in cases:
            with self.subTest(kind):
                response = client.post(self.url("letter", patient_request.pk, kind))
                self.assertEqual(response["Content-Type"], "application/pdf")
                text = pdf_text(response.content)
                for words in expected:
                    self.assertIn(words, text)
        # Letters that do not apply yet are not available.
        self.assertEqual(
            client.post(self.url("letter", patient_request.pk, "reponse")).status_code, 404
        )
        self.assertEqual(
            client.post(self.url("letter", patient_request.pk, "inconnu")).status_code, 404
        )
        self.assertEqual(
            client.get(self.url("letter", patient_request.pk, "accuse")).status_code, 405
        )

    def test_the_rgpd_answer_letter_cites_the_right_s_article(self):
        self.log_a_request(right="rectification", record_age="")
        patient_request = PatientRequest.objects.get()
        self.answer_now(patient_request, "Adresse corrigée")
        text = pdf_text(
            self.client_for(self.secretaire)
            .post(self.url("letter", patient_request.pk, "reponse"))
            .content
        )
        self.assertIn("en application de l'article 16 du RGPD", text)

    def test_a_letter_names_the_right_as_french_writes_it(self):
        for right, age, asked in [
            ("dossier", "recent", "votre demande d'accès au dossier médical"),
            ("acces", "", "votre demande d'accès aux données personnelles"),
            ("rectification", "", "votre demande de rectification des données"),
            ("effacement", "", "votre demande d'effacement des données"),
            ("limitation", "", "votre demande de limitation du traitement des données"),
            ("portabilite", "", "votre demande de portabilité des données"),
            ("opposition", "", "votre demande d'opposition au traitement des données"),
        ]:
            with self.subTest(right):
                self.log_a_request(right=right, record_age=age)
                patient_request = PatientRequest.objects.latest("pk")
                letter = self.client_for(self.secretaire).post(
                    self.url("letter", patient_request.pk, "accuse")
                )
                self.assertIn(asked, pdf_text(letter.content))

    def test_a_letter_carries_the_practice_s_postal_address(self):
        self.org.address = "12 rue des Tilleuls\n69003 Lyon"
        self.org.save()
        self.log_a_request()
        patient_request = PatientRequest.objects.get()
        letter = self.client_for(self.secretaire).post(
            self.url("letter", patient_request.pk, "accuse")
        )
        self.assertIn(
            "Cabinet du Dr Martin 12 rue des Tilleuls 69003 Lyon", pdf_text(letter.content)
        )

    def test_the_letters_say_where_to_add_a_missing_address(self):
        self.log_a_request()
        patient_request = PatientRequest.objects.get()
        page = self.client_for(self.titulaire).get(self.url("detail", patient_request.pk))
        self.assertContains(page, "n'indiquent pas l'adresse postale du cabinet")
        self.assertContains(page, reverse("orgs:settings", args=[self.org.code]))
        secretary = self.client_for(self.secretaire).get(self.url("detail", patient_request.pk))
        self.assertContains(secretary, "Demandez au titulaire")
        self.org.address = "12 rue des Tilleuls\n69003 Lyon"
        self.org.save()
        page = self.client_for(self.titulaire).get(self.url("detail", patient_request.pk))
        self.assertNotContains(page, "n'indiquent pas l'adresse postale du cabinet")
