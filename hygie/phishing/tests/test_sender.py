from hygie.phishing import sender
from hygie.phishing.analysis import SUSPECT_FROM, analyse
from hygie.phishing.reading import read_email, read_sms
from hygie.phishing.sender import authenticated_domain, authentication
from hygie.phishing.tests.helpers import AnalysisTestCase, eml, passed


class DisplayNameTestCase(AnalysisTestCase):
    def test_a_brand_in_the_display_name_over_another_domain_is_suspect_alone(self):
        analysis = self.analyse_email(sender='"impots.gouv.fr" <remboursement@office360.com>')
        signal = self.rules(analysis)["expediteur.marque-usurpee"]
        self.assertEqual(
            signal.explanation,
            "Le nom affiché « impots.gouv.fr » se réclame de la DGFiP, mais l'adresse "
            "remboursement@office360.com n'appartient pas à la DGFiP (impots.gouv.fr).",
        )
        self.assertEqual(
            [e.text for e in signal.evidence], ["impots.gouv.fr", "remboursement@office360.com"]
        )
        self.assertGreaterEqual(analysis.score, SUSPECT_FROM)

    def test_various_spellings_of_a_service_are_recognised(self):
        for name, address in (
            ("Service Clients AMELI", "noreply@secure-assure.example.com"),
            ("Crit'Air - Ministère", "contact@vignette-air.example.com"),
            ("Caisse d’Épargne", "alerte@banque-en-ligne.example.net"),
            ("DOCTOLIB Support", "support@agenda-medical.example.org"),
            ("Ordre des Médecins - Cotisation 2025", "cotisation@ordre-paiement.example.com"),
        ):
            with self.subTest(name=name):
                self.assertFires(
                    self.analyse_email(sender=f'"{name}" <{address}>'), "expediteur.marque-usurpee"
                )

    def test_the_service_sending_from_its_own_domain_is_quiet(self):
        for address in (
            '"Assurance Maladie" <assurance-maladie@info.ameli.fr>',
            '"Doctolib" <no-reply@doctolib.fr>',
            '"DGFiP" <ne-pas-repondre@dgfip.finances.gouv.fr>',
            '"Crédit Agricole" <alertes@ca-centrest.fr>',
        ):
            with self.subTest(sender=address):
                self.assertQuiet(self.analyse_email(sender=address), "expediteur.marque-usurpee")

    def test_a_place_or_a_person_named_like_a_brand_is_no_claim(self):
        for address in (
            '"Pharmacie de la Poste" <pharmacie.poste@orange.fr>',
            '"Dr Amélie Durand" <amelie.durand@gmail.com>',
            '"Cabinet infirmier du Parc" <cabinet.parc@laposte.net>',
        ):
            with self.subTest(sender=address):
                analysis = self.analyse_email(sender=address)
                self.assertEqual(analysis.signals, [], [s.rule for s in analysis.signals])

    def test_a_brand_from_free_webmail_fires(self):
        analysis = self.analyse_email(sender='"Assurance Maladie" <remboursement.ameli@gmail.com>')
        signal = self.rules(analysis)["expediteur.messagerie-gratuite"]
        self.assertIn("gmail.com", signal.explanation)
        self.assertGreaterEqual(signal.weight, SUSPECT_FROM)

    def test_a_service_without_brand_from_free_webmail_weighs_little(self):
        analysis = self.analyse_email(sender='"Service Client" <service.client.fr@outlook.fr>')
        self.assertEqual(self.rules(analysis)["expediteur.messagerie-gratuite"].weight, 2.0)

    def test_a_colleague_on_free_webmail_is_quiet(self):
        analysis = self.analyse_email(
            sender='"Cabinet médical des Lilas" <cabinet.leslilas@wanadoo.fr>'
        )
        self.assertEqual(analysis.signals, [])

    def test_an_address_in_the_display_name_fires(self):
        analysis = self.analyse_email(sender='"service@ameli.fr" <x83@relais-mail.example.com>')
        self.assertFires(analysis, "expediteur.adresse-dans-le-nom")
        self.assertFires(analysis, "expediteur.marque-usurpee")

    def test_the_same_address_in_the_display_name_is_quiet(self):
        analysis = self.analyse_email(
            sender='"c.martin@cabinet-martin.fr" <c.martin@cabinet-martin.fr>'
        )
        self.assertQuiet(analysis, "expediteur.adresse-dans-le-nom")

    def test_a_look_alike_sender_domain_fires(self):
        analysis = self.analyse_email(sender='"Notification" <info@doctoIib.fr>')
        self.assertFires(analysis, "expediteur.sosie-de-domaine")
        analysis = self.analyse_email(sender='"Notification" <info@cpam-remboursement.com>')
        self.assertFires(analysis, "expediteur.marque-dans-le-domaine")

    def test_invisible_characters_in_the_display_name_fire(self):
        self.assertFires(
            self.analyse_email(sender='"Dr\u202e Martin" <m@example.fr>'),
            "expediteur.caracteres-invisibles",
        )


class ReplyToTestCase(AnalysisTestCase):
    def test_a_reply_to_elsewhere_is_weak_alone(self):
        analysis = self.analyse_email(
            headers=(("Reply-To", "secretariat@autre-cabinet.example.fr"),)
        )
        self.assertEqual(self.rules(analysis)["expediteur.reponse-ailleurs"].weight, 1.0)
        self.assertLess(analysis.score, SUSPECT_FROM)

    def test_a_reply_to_webmail_for_a_service_is_stronger(self):
        analysis = self.analyse_email(
            sender='"Doctolib" <no-reply@doctolib.fr>',
            headers=(("Reply-To", "doctolib.aide@gmail.com"),),
        )
        self.assertEqual(self.rules(analysis)["expediteur.reponse-ailleurs"].weight, 2.5)

    def test_a_reply_to_on_the_same_domain_is_quiet(self):
        analysis = self.analyse_email(headers=(("Reply-To", "accueil@cabinet-martin.fr"),))
        self.assertQuiet(analysis, "expediteur.reponse-ailleurs")

    def test_a_bounce_address_of_a_sending_service_is_quiet(self):
        analysis = self.analyse_email(headers=(("Return-Path", "<bounce-12@amazonses.com>"),))
        self.assertQuiet(analysis, "expediteur.retour-ailleurs")


class SmsSenderTestCase(AnalysisTestCase):
    def test_a_service_writing_from_a_personal_mobile_fires(self):
        analysis = analyse(
            read_sms("Chronopost : colis en attente, frais 1,99 EUR", sender="+33 7 56 12 34 90")
        )
        self.assertIn(
            "mobile personnel", self.rules(analysis)["expediteur.numero-personnel"].explanation
        )

    def test_a_service_sender_name_or_a_short_number_is_quiet(self):
        self.assertQuiet(
            read_sms("Chronopost : colis livré demain", sender="Chronopost"),
            "expediteur.numero-personnel",
        )
        self.assertQuiet(
            read_sms("Chronopost : colis livré demain", sender="38100"),
            "expediteur.numero-personnel",
        )

    def test_a_friend_writing_from_a_mobile_is_quiet(self):
        self.assertEqual(
            analyse(read_sms("On se voit demain ?", sender="06 11 22 33 44")).signals, []
        )

    def test_a_service_writing_from_a_landline_fires_more_weakly(self):
        analysis = analyse(
            read_sms("Urssaf : un écart a été relevé sur votre compte.", sender="01 99 00 12 30")
        )
        signal = self.rules(analysis)["expediteur.numero-personnel"]
        self.assertEqual(signal.weight, sender.LANDLINE_FOR_SERVICE)
        self.assertIn("fixe", signal.explanation)

    def test_a_landline_merely_mentioning_a_service_is_no_claim(self):
        self.assertQuiet(
            read_sms(
                "Pharmacie des Lilas : la carte Vitale de Mme Roy est refusée, pouvez-vous "
                "nous rappeler au 03 81 44 55 66 ?",
                sender="03 81 44 55 66",
            ),
            "expediteur.numero-personnel",
        )

    def test_a_relative_naming_an_operator_or_a_fund_is_no_claim(self):
        for text in (
            "Coucou tonton, c'est Hugo ! Je suis passé chez Free, garde ce numéro. Bises",
            "Mamie, la CAF a enfin payé, je passe te voir samedi !",
        ):
            with self.subTest(text=text[:20]):
                self.assertQuiet(
                    read_sms(text, sender="06 12 34 56 78"), "expediteur.numero-personnel"
                )


class SmsCallbackNumberTestCase(AnalysisTestCase):
    def test_a_service_or_an_authority_giving_a_number_to_call_fires(self):
        for text, who in (
            (
                "CAF : un trop-perçu a été relevé. Contactez votre conseillère au 09 70 44 12 19.",
                "CAF",
            ),
            ("Amazon : commande de 899 € expédiée. Pas vous ? Appelez le 01 87 65 44 30.", ""),
            (
                "Huissier de justice Me Dubois : saisie en cours. Joignez l'étude au 01 76 44 12 12.",
                "",
            ),
            (
                "Dossier 2026-41 : merci de rappeler le 01 76 44 12 12 aujourd'hui.",
                "Service contentieux",
            ),
        ):
            with self.subTest(text=text[:30]):
                self.assertFires(read_sms(text, sender=who), "expediteur.numero-a-rappeler")

    def test_appointments_short_numbers_and_people_are_quiet(self):
        for text, who in (
            (
                "Doctolib : votre RDV est annulé. Reprenez rendez-vous au 02 61 91 44 20.",
                "Doctolib",
            ),
            ("Assurance Maladie : pour toute question, appelez le 3646.", "AMELI"),
            (
                "Docteur, la carte Vitale de ma fille est refusée, rappelez-moi au 06 12 44 87 21.",
                "",
            ),
            ("Bonjour, rappelez-moi au 06 12 44 87 21 svp.", "06 12 44 87 21"),
        ):
            with self.subTest(text=text[:30]):
                self.assertQuiet(read_sms(text, sender=who), "expediteur.numero-a-rappeler")


class SmsHiddenLinkTestCase(AnalysisTestCase):
    def test_a_shortened_hosted_or_shared_link_from_a_personal_number_fires(self):
        for link in ("bit.ly/3xYzAb", "https://1drv.ms/b/s!AbCdEf", "https://exemple.web.app/x"):
            with self.subTest(link=link):
                self.assertFires(
                    read_sms(f"Regarde : {link}", sender="07 45 12 98 02"),
                    "expediteur.lien-de-particulier",
                )

    def test_a_named_sender_or_an_ordinary_link_is_quiet(self):
        self.assertQuiet(
            read_sms("Soldes : https://bit.ly/3Soldes STOP 36200", sender="Boutique"),
            "expediteur.lien-de-particulier",
        )
        self.assertQuiet(
            read_sms("Le menu : https://www.restaurant-exemple.fr", sender="07 45 12 98 02"),
            "expediteur.lien-de-particulier",
        )


class SmsForeignNumberTestCase(AnalysisTestCase):
    def test_a_foreign_number_weighs_little_alone(self):
        analysis = analyse(read_sms("Salut, on se voit au congrès ?", sender="+41 79 555 12 34"))
        self.assertFires(analysis, "expediteur.numero-etranger")
        self.assertLess(analysis.score, SUSPECT_FROM)
        self.assertQuiet(
            read_sms("Salut, on se voit au congrès ?", sender="+33 6 11 22 33 44"),
            "expediteur.numero-etranger",
        )


class AuthenticationResultsTestCase(AnalysisTestCase):
    def test_only_the_topmost_header_counts(self):
        raw = (
            b"Authentication-Results: mx.cabinet-durand.fr; spf=fail smtp.mailfrom=ameli.fr;"
            b" dkim=none; dmarc=fail (p=REJECT) header.from=ameli.fr\r\n"
            b"Received: from relais.example.net\r\n"
            b"Authentication-Results: mx.cabinet-durand.fr; dmarc=pass header.from=ameli.fr\r\n"
            b'From: "Ameli" <assurance-maladie@info.ameli.fr>\r\nSubject: Remboursement\r\n\r\ntexte'
        )
        message = read_email(raw)
        self.assertEqual(authentication(message).results["dmarc"], "fail")
        self.assertEqual(authenticated_domain(message), "")
        analysis = analyse(message)
        signal = self.rules(analysis)["authentification.dmarc-echec"]
        self.assertIn("ameli.fr", signal.explanation)
        self.assertGreaterEqual(signal.weight, 5.0)
        self.assertQuiet(analysis, "legitime.service-authentifie")

    def test_microsoft_and_google_formats_are_read(self):
        outlook = (
            "spf=pass (sender IP is 1.2.3.4) smtp.mailfrom=doctolib.fr; dkim=pass (signature was verified) "
            "header.d=doctolib.fr;dmarc=pass action=none header.from=doctolib.fr;compauth=pass reason=100"
        )
        message = read_email(eml(sender="<no-reply@doctolib.fr>", auth=outlook))
        self.assertEqual(authenticated_domain(message), "doctolib.fr")
        gmail = (
            "mx.google.com; dkim=pass header.i=@notifications.doctolib.fr header.s=s1 header.b=abc; "
            "spf=pass (google.com: domain of x@doctolib.fr designates 1.2.3.4 as permitted sender) "
            "smtp.mailfrom=x@doctolib.fr; dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=doctolib.fr"
        )
        message = read_email(eml(sender="<no-reply@doctolib.fr>", auth=gmail))
        self.assertEqual(authenticated_domain(message), "doctolib.fr")

    def test_a_look_alike_domain_that_passes_for_itself_is_still_a_look_alike(self):
        analysis = self.analyse_email(
            sender='"Doctolib" <info@doctolib-securite.com>', auth=passed("doctolib-securite.com")
        )
        self.assertFires(analysis, "expediteur.marque-usurpee")
        self.assertFires(analysis, "expediteur.marque-dans-le-domaine")
        self.assertQuiet(analysis, "legitime.service-authentifie")

    def test_a_dmarc_failure_on_an_ordinary_domain_weighs_little(self):
        analysis = self.analyse_email(auth="mx.x.fr; dmarc=fail header.from=cabinet-martin.fr")
        self.assertEqual(self.rules(analysis)["authentification.dmarc-echec"].weight, 2.0)

    def test_an_spf_failure_without_dmarc_or_signature_fires_weakly(self):
        analysis = self.analyse_email(
            auth="mx.x.fr; spf=softfail smtp.mailfrom=cabinet-martin.fr; dkim=none"
        )
        self.assertEqual(self.rules(analysis)["authentification.spf-echec"].weight, 1.0)

    def test_no_header_says_nothing(self):
        self.assertEqual(self.analyse_email().signals, [])


class RecipientLookAlikeTestCase(AnalysisTestCase):
    """The helper's messages are delivered to accueil@cabinet-durand.fr."""

    def test_a_sender_domain_one_letter_from_the_recipients_fires(self):
        for address in ("direction@cabinet-durrand.fr", "direction@cabinet-dunand.fr"):
            with self.subTest(address=address):
                analysis = self.analyse_email(sender=f'"Dr Paul Durand" <{address}>')
                signal = self.rules(analysis)["expediteur.sosie-du-destinataire"]
                self.assertIn("cabinet-durand.fr", signal.explanation)
                self.assertGreaterEqual(analysis.score, SUSPECT_FROM)

    def test_the_recipients_own_domain_and_other_domains_are_no_look_alike(self):
        for address in ("direction@cabinet-durand.fr", "c.martin@cabinet-martin.fr"):
            with self.subTest(address=address):
                analysis = self.analyse_email(sender=f'"Dr Paul Durand" <{address}>')
                self.assertQuiet(analysis, "expediteur.sosie-du-destinataire")


class ReplyElsewhereTestCase(AnalysisTestCase):
    def test_a_discussion_list_with_its_author_in_reply_to_is_quiet(self):
        analysis = self.analyse_email(
            sender='"Dr Anne Leroy via Réseau douleur 44" <reseau-douleur-44@googlegroups.com>',
            auth=passed("googlegroups.com"),
            headers=(
                ("Reply-To", "anne.leroy.med@free.fr"),
                ("List-Id", "<reseau-douleur-44.googlegroups.com>"),
            ),
        )
        self.assertEqual(analysis.signals, [], [s.rule for s in analysis.signals])

    def test_a_signing_service_sending_for_a_person_on_webmail_stays_below_suspect(self):
        analysis = self.analyse_email(
            sender='"Dr Paul Martin via Docusign" <dse_NA3@docusign.net>',
            subject="Veuillez signer : contrat de remplacement février",
            auth=passed("docusign.net"),
            headers=(("Reply-To", "paul.martin.med@gmail.com"),),
            text="Dr Paul Martin vous a envoyé un document à signer. "
            "https://na3.docusign.net/Signing/EmailStart.aspx?a=1",
        )
        self.assertEqual(self.rules(analysis)["expediteur.reponse-ailleurs"].weight, 1.0)
        self.assertLess(analysis.score, SUSPECT_FROM)

    def test_a_sharing_service_naming_the_webmail_it_sends_for_is_weak(self):
        analysis = self.analyse_email(
            sender='"WeTransfer" <noreply@wetransfer.com>',
            subject="secretariat.cabinet@gmail.com vous a envoyé des fichiers",
            auth=passed("wetransfer.com"),
            headers=(("Reply-To", "secretariat.cabinet@gmail.com"),),
        )
        self.assertEqual(self.rules(analysis)["expediteur.reponse-ailleurs"].weight, 1.0)

    def test_a_sharing_service_naming_the_person_replies_go_to_is_weak(self):
        analysis = self.analyse_email(
            sender='"WeTransfer" <noreply@wetransfer.com>',
            subject="Julien Morvan vous a envoyé des fichiers",
            auth=passed("wetransfer.com"),
            headers=(("Reply-To", "julien.morvan.photo@gmail.com"),),
        )
        self.assertEqual(self.rules(analysis)["expediteur.reponse-ailleurs"].weight, 1.0)

    def test_a_known_service_answering_for_its_customer_s_company_is_quiet(self):
        analysis = self.analyse_email(
            sender='"Atelier Numérique via GoCardless" <noreply@gocardless.com>',
            subject="Avis de prélèvement",
            auth=passed("gocardless.com"),
            headers=(("Reply-To", "compta@atelier-numerique-exemple.fr"),),
        )
        self.assertQuiet(analysis, "expediteur.reponse-ailleurs")

    def test_an_organisation_signing_through_a_service_from_webmail_keeps_the_weight(self):
        analysis = self.analyse_email(
            sender='"Étude notariale Girard via Docusign" <dse@eumail.docusign.net>',
            auth=passed("eumail.docusign.net"),
            headers=(("Reply-To", "etude.girard@proton.me"),),
        )
        self.assertEqual(self.rules(analysis)["expediteur.reponse-ailleurs"].weight, 2.5)
        analysis = self.analyse_email(
            sender='"Service Comptabilité via Adobe Acrobat Sign" <adobesign@adobesign.com>',
            auth=passed("adobesign.com"),
            headers=(("Reply-To", "compta.paiements@outlook.fr"),),
        )
        self.assertEqual(self.rules(analysis)["expediteur.reponse-ailleurs"].weight, 2.5)

    def test_a_service_name_over_its_forged_domain_keeps_the_webmail_reply(self):
        analysis = self.analyse_email(
            sender='"Paul via Docusign" <dse@docusign.net>',
            auth="mx.cabinet-martin.fr; spf=fail smtp.mailfrom=docusign.net; "
            "dkim=none; dmarc=fail header.from=docusign.net",
            headers=(("Reply-To", "paul.martin.med@gmail.com"),),
        )
        self.assertEqual(self.rules(analysis)["expediteur.reponse-ailleurs"].weight, 2.5)

    def test_replies_from_an_organisation_to_free_webmail_weigh_more_than_elsewhere(self):
        to_webmail = self.analyse_email(
            sender='"Comptabilité" <compta@fournisseur-exemple.fr>',
            headers=(("Reply-To", "compta.fournisseur@gmail.com"),),
        )
        to_other = self.analyse_email(
            sender='"Comptabilité" <compta@fournisseur-exemple.fr>',
            headers=(("Reply-To", "compta@groupe-fournisseur.fr"),),
        )
        self.assertGreater(
            self.rules(to_webmail)["expediteur.reponse-ailleurs"].weight,
            self.rules(to_other)["expediteur.reponse-ailleurs"].weight,
        )

    def test_a_lawyer_or_notary_title_from_free_webmail_fires(self):
        for name in ("Maître Paul Dumas", "Cabinet d'avocats Dumas", "Me Dumas, notaire"):
            with self.subTest(name=name):
                analysis = self.analyse_email(sender=f'"{name}" <p.dumas.juridique@gmail.com>')
                self.assertFires(analysis, "expediteur.messagerie-gratuite")

    def test_a_doctor_from_free_webmail_stays_quiet(self):
        analysis = self.analyse_email(sender='"Dr Paul Dumas" <paul.dumas.med@gmail.com>')
        self.assertQuiet(analysis, "expediteur.messagerie-gratuite")


class RelayedCallbackTestCase(AnalysisTestCase):
    """A genuine PayPal invoice or signing envelope carrying a callback scam."""

    def test_a_genuine_paypal_invoice_naming_another_company_and_a_number_is_suspect(self):
        analysis = self.analyse_email(
            sender='"PayPal" <service@paypal.fr>',
            auth=passed("paypal.fr"),
            subject="Nouvelle facture de Service Abonnements",
            text="Montant : 419,90 EUR\nNote : abonnement McAfee prolongé de 2 ans. En cas "
            "d'erreur, contactez notre support au 09 72 10 44 87 sous 24 h.",
        )
        self.assertFires(analysis, "expediteur.service-detourne")
        self.assertQuiet(analysis, "legitime.service-authentifie")
        self.assertGreaterEqual(analysis.score, SUSPECT_FROM)

    def test_a_genuine_envelope_with_a_phone_for_another_brand_is_suspect(self):
        analysis = self.analyse_email(
            sender='"Support via Docusign" <dse_na4@docusign.net>',
            auth=passed("docusign.net"),
            subject="Complétez avec Docusign : Reçu_Norton360.pdf",
            text="Votre paiement Norton a été accepté. Pour un remboursement, "
            "appelez le +1 (833) 520-4417.",
        )
        self.assertFires(analysis, "expediteur.service-detourne")
        self.assertGreaterEqual(analysis.score, SUSPECT_FROM)

    def test_a_genuine_receipt_naming_the_merchant_without_a_number_is_quiet(self):
        analysis = self.analyse_email(
            sender='"PayPal" <service@paypal.fr>',
            auth=passed("paypal.fr"),
            subject="Reçu de votre paiement à Doctolib",
            text="Vous avez envoyé 129,00 EUR à Doctolib SAS. Transaction 7HF21098KL.",
        )
        self.assertQuiet(analysis, "expediteur.service-detourne")
        self.assertFires(analysis, "legitime.service-authentifie")

    def test_another_service_giving_its_own_number_is_not_a_relay(self):
        analysis = self.analyse_email(
            sender='"Orange" <facture@orange.fr>',
            auth=passed("orange.fr"),
            subject="Votre facture",
            text="Pour toute question sur Microsoft 365, appelez le 3900.",
        )
        self.assertQuiet(analysis, "expediteur.service-detourne")


class AntivirusRenewalTestCase(AnalysisTestCase):
    def test_an_antivirus_name_over_another_domain_is_suspect(self):
        for name, address in (
            ("Norton 360 Facturation", "billing@renew-secure-fr.com"),
            ("Geek Squad", "geeksquad.renouvellement@gmail.com"),
            ("McAfee Service Client", "service@protect-abonnement.net"),
        ):
            with self.subTest(name=name):
                analysis = self.analyse_email(
                    sender=f'"{name}" <{address}>',
                    subject="Confirmation de renouvellement",
                    text="Votre abonnement a été renouvelé pour 299,99 €.",
                )
                self.assertGreaterEqual(analysis.score, SUSPECT_FROM)

    def test_norton_from_its_own_domain_is_quiet(self):
        analysis = self.analyse_email(
            sender='"Norton" <noreply@norton.com>',
            auth=passed("norton.com"),
            subject="Votre abonnement sera renouvelé",
            text="Votre abonnement Norton 360 sera renouvelé le 2 avril pour 89,99 €.",
        )
        self.assertLess(analysis.score, SUSPECT_FROM)
