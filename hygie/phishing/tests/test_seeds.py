"""The examples of the awareness documents Hygie was written from (seed-003),
analysed whole: each reaches a verdict by the link and sender rules alone."""

from hygie.phishing.analysis import DANGEROUS, SUSPECT, analyse
from hygie.phishing.reading import read_email, read_sms
from hygie.phishing.tests.helpers import AnalysisTestCase, eml

TAX_REFUND = eml(
    sender='"impots.gouv.fr" <remboursement@office360.com>',
    subject="Remboursement d'impôt : 120,70 €",
    text=None,
    html=(
        "<p>Après les derniers calculs annuels de votre activité fiscale, vous êtes éligible "
        "à un remboursement d'impôt de 120,70 €.</p><p>Veuillez soumettre la demande dans un "
        "délai de 48h maximum.</p>"
        '<p><a href="https://impots.gouv.fr.remboursement-secure.com/dossier">'
        "https://www.impots.gouv.fr/portail/remboursement</a></p>"
    ),
)


class SeedExamplesTestCase(AnalysisTestCase):
    def test_the_tax_refund_from_office360_is_dangerous_with_the_sender_and_link_highlighted(self):
        analysis = analyse(read_email(TAX_REFUND))
        self.assertEqual(analysis.verdict, DANGEROUS)
        found = self.rules(analysis)
        self.assertIn("expediteur.marque-usurpee", found)
        self.assertIn("expediteur.sosie-de-domaine", found)
        self.assertIn("lien.texte-trompeur", found)
        self.assertIn("lien.faux-sous-domaine", found)
        excerpts = {e.text for s in analysis.signals for e in s.evidence}
        self.assertIn("remboursement@office360.com", excerpts)
        self.assertIn("https://impots.gouv.fr.remboursement-secure.com/dossier", excerpts)
        self.assertIn("https://www.impots.gouv.fr/portail/remboursement", excerpts)

    def test_the_new_vitale_card_sms_to_cpam_contact_is_dangerous(self):
        analysis = analyse(
            read_sms(
                "Assurance Maladie : votre nouvelle carte Vitale est disponible. "
                "Commandez-la avant le 30/06 sur cpam-contact.fr"
            )
        )
        self.assertEqual(analysis.verdict, DANGEROUS)
        self.assertIn(
            "cpam-contact.fr", self.rules(analysis)["lien.marque-dans-le-domaine"].explanation
        )

    def test_the_bank_sms_to_c_agricole_link_is_dangerous(self):
        analysis = analyse(
            read_sms(
                "Crédit Agricole : activité inhabituelle sur votre compte. Sécurisez-le : https://secu.c-agricole.link"
            )
        )
        self.assertEqual(analysis.verdict, DANGEROUS)

    def test_the_chronopost_sms_is_dangerous(self):
        analysis = analyse(
            read_sms(
                "Chronopost : votre colis n'a pas pu être livré. Reprogrammez : chronopost-interruption.com"
            )
        )
        self.assertEqual(analysis.verdict, DANGEROUS)

    def test_the_antai_fine_sms_is_dangerous(self):
        analysis = analyse(
            read_sms(
                "ANTAI : avis de contravention impayé. Évitez la majoration sur https://ants-amende.fr"
            )
        )
        self.assertEqual(analysis.verdict, DANGEROUS)

    def test_a_lookalike_link_alone_is_at_least_suspect(self):
        analysis = analyse(read_sms("Votre compte Doctolib expire : doctoIib.fr/connexion"))
        self.assertIn(analysis.verdict, (SUSPECT, DANGEROUS))
