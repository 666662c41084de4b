"""The supplier questionnaires sent to the processors: printed, recorded when
sent, then when returned signed. Their pages are the register's, offered by
the diagnostic at its addresses and under its tab."""

from hygie.register.models import QuestionnaireRecord
from hygie.register.tests.base import RegisterTestCase
from hygie.tests.readback import pdf_text


def flat(text: str) -> str:
    return " ".join(text.split())


class QuestionnairePagesTestCase(RegisterTestCase):
    def test_questionnaires(self):
        client = self.client_for(self.titulaire)
        for number in (1, 2, 3, 4):
            response = client.get(self.url("questionnaire_pdf", number))
            self.assertEqual(response.status_code, 200)
            self.assertIn("Engagement", pdf_text(response.content))
        self.assertEqual(client.get(self.url("questionnaire_pdf", 5)).status_code, 404)
        first = client.get(self.url("questionnaires")).context["items"][0]["id"]
        response = client.post(
            self.url("questionnaires"),
            {"questionnaire": first, "provider": "InfoSoins 44", "sent_on": "2026-11-02"},
        )
        self.assertRedirects(response, self.url("questionnaires"))
        sent = QuestionnaireRecord.objects.get()
        client.post(
            self.url("questionnaire_returned"), {"pk": sent.pk, "returned_on": "2026-11-20"}
        )
        sent.refresh_from_db()
        self.assertEqual(sent.returned_on.isoformat(), "2026-11-20")
        response = client.post(self.url("questionnaires"), {"questionnaire": "x", "provider": ""})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(QuestionnaireRecord.objects.count(), 1)

    def test_the_pages_keep_the_diagnostics_addresses_and_tab(self):
        diagnostic = f"/o/{self.org.code}/diagnostic/"
        self.assertEqual(self.url("questionnaires"), f"{diagnostic}questionnaires/")
        self.assertEqual(self.url("questionnaire_returned"), f"{diagnostic}questionnaires/retour/")
        self.assertEqual(self.url("questionnaire_pdf", 2), f"{diagnostic}questionnaires/2.pdf")
        page = self.client_for(self.praticien).get(self.url("questionnaires"))
        self.assertContains(page, f'<a href="{diagnostic}" aria-current="page">Diagnostic</a>')
        self.assertNotContains(page, 'aria-current="page">Registre RGPD')


class SupplierQuestionnaires(RegisterTestCase):
    """The official ANS questionnaires are linked; Hygie's own questions are
    its checklists, inspired by them, never shown under the ANS's titles."""

    def official_url(self) -> str:
        from hygie.content import library

        return library.get("sources", "ans-memento-questionnaires")["url"]

    def test_the_page_links_the_official_questionnaires_and_names_hygies_checklists(self):
        page = self.client_for(self.titulaire).get(self.url("questionnaires"))
        self.assertContains(page, f'href="{self.official_url()}"')
        self.assertContains(page, "Les listes de vérification d'Hygie")
        self.assertContains(page, "Inspirée du questionnaire n° 1 de l'ANS")
        # The ANS's titles appear only as what inspired a checklist.
        self.assertNotContains(page, "<h3>Liste n° 1 : Points généraux")

    def test_a_printed_checklist_says_it_is_hygies_and_where_the_official_one_is(self):
        pdf = self.client_for(self.titulaire).get(self.url("questionnaire_pdf", 2))
        text = flat(pdf_text(pdf.content))
        self.assertIn("Liste de vérification prestataire n° 2", text)
        self.assertIn("Liste rédigée par Hygie, inspirée du questionnaire n° 2 de l'ANS", text)
        self.assertIn(self.official_url(), text.replace(" ", ""))
        self.assertNotIn("Questionnaire fournisseur n° 2", text)
