"""Real services writing from their lesser-known but genuine domains: the
State and the public services speaking for one another, and a brand's own
notification domain whose links all lead to the brand's site. Look-alikes
and forgeries of the same senders stay dangerous."""

from hygie.phishing.analysis import DANGEROUS, NO_SIGN, SUSPECT_FROM
from hygie.phishing.tests.helpers import AnalysisTestCase, passed


def failed(domain: str) -> str:
    """What a receiving server writes for a forgery of `domain`."""
    return (
        f"mx.cabinet-durand.fr; spf=fail smtp.mailfrom={domain}; "
        f"dkim=fail header.d={domain}; dmarc=fail (p=REJECT) header.from={domain}"
    )


def links(*urls: str) -> str:
    return "<p>Bonjour,</p>" + " ".join(f'<a href="{url}">Accéder</a>' for url in urls)


class PublicServiceTestCase(AnalysisTestCase):
    def test_a_ministry_may_speak_for_another_public_service(self):
        for sender, urls in (
            (
                '"France Travail - Ministère du Travail" <info@travail-emploi.gouv.fr>',
                ("https://www.francetravail.fr/", "https://travail-emploi.gouv.fr/"),
            ),
            (
                '"Urssaf - Mes droits sociaux" <contact@mesdroitssociaux.gouv.fr>',
                ("https://www.urssaf.fr/", "https://www.caf.fr/"),
            ),
            (
                '"Assurance Maladie" <campagne@solidarites.gouv.fr>',
                ("https://www.ameli.fr/", "https://solidarites.gouv.fr/"),
            ),
        ):
            with self.subTest(sender=sender):
                domain = sender.rsplit("@", 1)[1].rstrip(">")
                analysis = self.analyse_email(sender=sender, html=links(*urls), auth=passed(domain))
                self.assertQuiet(analysis, "expediteur.marque-usurpee")
                self.assertLess(analysis.score, SUSPECT_FROM)

    def test_a_public_service_linking_to_other_state_sites_is_quiet(self):
        analysis = self.analyse_email(
            sender='"Service-Public.fr" <lettre@dila.gouv.fr>',
            html=links("https://www.service-public.fr/", "https://www.legifrance.gouv.fr/loda"),
            auth=passed("dila.gouv.fr"),
        )
        self.assertQuiet(analysis, "lien.hors-marque")
        self.assertEqual(analysis.verdict, NO_SIGN)

    def test_a_state_name_is_no_imitation(self):
        analysis = self.analyse_email(
            sender='"Préfecture" <info@impots-locaux.gouv.fr>', auth=passed("impots-locaux.gouv.fr")
        )
        self.assertQuiet(analysis, "expediteur.marque-dans-le-domaine")

    def test_a_forged_ministry_address_stays_dangerous(self):
        analysis = self.analyse_email(
            sender='"Assurance Maladie" <info@travail-emploi.gouv.fr>',
            subject="Votre carte Vitale expire",
            html=links("https://vitale-renouvellement.com/"),
            auth=failed("travail-emploi.gouv.fr"),
        )
        self.assertFires(analysis, "expediteur.marque-usurpee")
        self.assertEqual(analysis.verdict, DANGEROUS)

    def test_a_private_company_does_not_speak_for_a_public_service(self):
        analysis = self.analyse_email(
            sender='"Assurance Maladie" <info@mutuelle-exemple.fr>',
            auth=passed("mutuelle-exemple.fr"),
        )
        self.assertFires(analysis, "expediteur.marque-usurpee")


class NotificationDomainTestCase(AnalysisTestCase):
    def test_a_brand_domain_whose_links_all_lead_to_the_brand_is_quiet(self):
        for sender, url in (
            (
                '"Chronopost" <suivi@chronopost-notifications.com>',
                "https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT=XY1",
            ),
            ('"DPD France" <avis@dpd-predict-mail.fr>', "https://www.dpd.fr/trace/250"),
        ):
            with self.subTest(sender=sender):
                domain = sender.rsplit("@", 1)[1].rstrip(">")
                analysis = self.analyse_email(sender=sender, html=links(url), auth=passed(domain))
                self.assertEqual(analysis.verdict, NO_SIGN, [s.rule for s in analysis.signals])

    def test_a_look_alike_linking_to_itself_stays_dangerous(self):
        analysis = self.analyse_email(
            sender='"Assurance Maladie" <contact@ameli-remboursement.fr>',
            subject="Remboursement en attente",
            html=links("https://ameli-remboursement.fr/login", "https://www.ameli.fr/"),
            auth=passed("ameli-remboursement.fr"),
        )
        self.assertEqual(self.rules(analysis)["expediteur.marque-usurpee"].weight, 4.0)
        self.assertEqual(analysis.verdict, DANGEROUS)

    def test_replies_to_free_webmail_break_the_consistency(self):
        analysis = self.analyse_email(
            sender='"Chronopost" <suivi@chronopost-notifications.com>',
            html=links("https://www.chronopost.fr/"),
            auth=passed("chronopost-notifications.com"),
            headers=(("Reply-To", "chronopost.service@gmail.com"),),
        )
        self.assertEqual(analysis.verdict, DANGEROUS)

    def test_without_authentication_the_brand_domain_still_counts(self):
        analysis = self.analyse_email(
            sender='"Chronopost" <suivi@chronopost-notifications.com>',
            html=links("https://www.chronopost.fr/"),
        )
        self.assertEqual(analysis.verdict, DANGEROUS)


class CompanyNamedLikeABrandTestCase(AnalysisTestCase):
    def test_an_authenticated_company_holding_a_brand_word_is_counted_once(self):
        for sender in (
            '"Arobase Informatique" <contact@microsoft-partenaire-sante.fr>',
            '"Cabinet Durand" <contact@impots-conseil-lyon.fr>',
        ):
            with self.subTest(sender=sender):
                domain = sender.rsplit("@", 1)[1].rstrip(">")
                analysis = self.analyse_email(
                    sender=sender,
                    html=links(
                        f"https://www.{domain}/offre", f"https://www.{domain}/desinscription"
                    ),
                    auth=passed(domain),
                )
                self.assertQuiet(analysis, "lien.marque-dans-le-domaine")
                self.assertFires(analysis, "expediteur.marque-dans-le-domaine")
                self.assertNotEqual(analysis.verdict, DANGEROUS)

    def test_the_same_domain_taking_the_brand_name_stays_dangerous(self):
        analysis = self.analyse_email(
            sender='"impots.gouv.fr" <contact@impots-conseil-lyon.fr>',
            html=links("https://www.impots-conseil-lyon.fr/remboursement"),
            auth=passed("impots-conseil-lyon.fr"),
        )
        self.assertEqual(analysis.verdict, DANGEROUS)

    def test_a_link_to_a_brand_word_domain_from_elsewhere_still_fires(self):
        analysis = self.analyse_email(
            sender='"Cabinet Durand" <contact@cabinet-durand.fr>',
            html=links("https://www.impots-conseil-lyon.fr/"),
            auth=passed("cabinet-durand.fr"),
        )
        self.assertFires(analysis, "lien.marque-dans-le-domaine")
