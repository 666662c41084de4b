from hygie.phishing.analysis import NO_SIGN, SUSPECT_FROM, analyse
from hygie.phishing.reading import read_email, read_sms
from hygie.phishing.tests.helpers import AnalysisTestCase, eml, passed

INVITATION = (
    b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:Staff\r\n"
    b"DTSTART:20250312T120000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


class AuthenticatedServiceTestCase(AnalysisTestCase):
    def test_a_service_authenticated_on_its_own_domain_is_quieted(self):
        analysis = self.analyse_email(
            sender='"Assurance Maladie" <assurance-maladie@info.ameli.fr>',
            auth=passed("info.ameli.fr"),
            subject="Votre compte ameli : action requise sous 48 h",
        )
        signal = self.rules(analysis)["legitime.service-authentifie"]
        self.assertEqual(signal.family, "legitime")
        self.assertLess(signal.weight, 0)
        self.assertIn("ameli.fr", signal.explanation)
        self.assertEqual(analysis.verdict, NO_SIGN)

    def test_an_ordinary_authenticated_domain_is_not_quieted(self):
        analysis = self.analyse_email(auth=passed("cabinet-martin.fr"))
        self.assertQuiet(analysis, "legitime.service-authentifie")

    def test_an_unauthenticated_service_is_not_quieted(self):
        analysis = self.analyse_email(sender='"Doctolib" <no-reply@doctolib.fr>')
        self.assertQuiet(analysis, "legitime.service-authentifie")


class MssanteTestCase(AnalysisTestCase):
    def test_an_exchange_between_professionals_on_mssante_is_quieted(self):
        analysis = self.analyse_email(
            sender='"Dr Paul Leroy" <paul.leroy@medecin.mssante.fr>',
            subject="Compte rendu urgent - à lire avant lundi",
        )
        self.assertFires(analysis, "legitime.messagerie-sante")
        self.assertIn(
            "medecin.mssante.fr", self.rules(analysis)["legitime.messagerie-sante"].explanation
        )

    def test_a_forged_mssante_address_that_fails_dmarc_is_not_quieted(self):
        analysis = self.analyse_email(
            sender='"MSSanté" <support@mssante.fr>',
            auth="mx.x.fr; dmarc=fail header.from=mssante.fr",
        )
        self.assertQuiet(analysis, "legitime.messagerie-sante")
        self.assertFires(analysis, "authentification.dmarc-echec")


class CalendarTestCase(AnalysisTestCase):
    def test_a_calendar_invitation_is_quieted(self):
        analysis = self.analyse_email(
            subject="Invitation : Réunion CPTS @ jeu. 12 mars 2025 12:00",
            attachments=(("invite.ics", "text/calendar", INVITATION),),
        )
        self.assertFires(analysis, "legitime.invitation")
        self.assertEqual(analysis.verdict, NO_SIGN)


class OneTimeCodeTestCase(AnalysisTestCase):
    def test_a_bank_code_with_its_warning_and_no_link_is_quieted(self):
        for text in (
            "Votre code de sécurité Crédit Agricole : 482913. Ne le communiquez jamais, même à un conseiller.",
            "BoursoBank : 731204 est votre code de validation. Ne le transmettez à personne.",
            "Code Doctolib : 5521. Ne le partagez pas.",
        ):
            with self.subTest(text=text[:20]):
                self.assertFires(read_sms(text), "legitime.code-a-usage-unique")

    def test_a_code_with_a_link_or_asking_to_pass_it_on_is_not_quieted(self):
        self.assertQuiet(
            read_sms(
                "Votre code 482913. Ne le communiquez jamais. Confirmez : https://ca-secu.example.top"
            ),
            "legitime.code-a-usage-unique",
        )
        self.assertQuiet(
            read_sms("Un conseiller va vous appeler : donnez-lui le code 482913 reçu par SMS."),
            "legitime.code-a-usage-unique",
        )


class KnownChannelTestCase(AnalysisTestCase):
    def test_an_alert_sending_to_the_card_the_app_or_the_agency_is_quieted(self):
        for text in (
            "Société Générale : carte bloquée par sécurité après un paiement inhabituel. "
            "Appelez le numéro au dos de votre carte.",
            "LCL : connexion inhabituelle détectée. Vérifiez vos appareils dans votre appli LCL.",
            "Crédit Mutuel : nouvel appareil enregistré. Si ce n'est pas vous, contactez votre agence.",
        ):
            with self.subTest(text=text[:25]):
                analysis = analyse(read_sms(text, sender="Banque"))
                self.assertFires(analysis, "legitime.canal-habituel")
                self.assertLess(analysis.score, SUSPECT_FROM)

    def test_a_number_a_link_a_reply_or_a_call_announced_is_not_quieted(self):
        for text in (
            "Carte bloquée. Appelez le numéro au dos de votre carte ou le 01 76 40 22 18.",
            "Carte bloquée, voir votre appli : https://appli-banque.example.top",
            "Carte bloquée. Répondez avec le code reçu, puis consultez votre appli.",
            "Carte bloquée. Un conseiller va vous appeler, gardez votre appli ouverte.",
            "Validez l'annulation dans votre application.",
        ):
            with self.subTest(text=text[:25]):
                self.assertQuiet(read_sms(text), "legitime.canal-habituel")


class SmsWarningTestCase(AnalysisTestCase):
    def test_a_prevention_sms_quoting_a_lure_is_quieted(self):
        analysis = analyse(
            read_sms(
                "Conseil de l'Ordre : de faux SMS « votre e-CPS expire, renouvelez-la ici » "
                "circulent. L'Ordre ne vous demande jamais cela par SMS. Ne cliquez pas.",
                sender="CDOM39",
            )
        )
        self.assertFires(analysis, "legitime.alerte-prevention")
        self.assertLess(analysis.score, SUSPECT_FROM)

    def test_a_warning_that_gives_a_number_or_an_unknown_link_is_not_quieted(self):
        for text in (
            "Attention aux faux SMS ! Ne cliquez pas : sécurisez votre compte au 01 76 40 22 18.",
            "Attention aux arnaques, ne répondez jamais. Vérifiez ici : https://securite.example.top",
        ):
            with self.subTest(text=text[:25]):
                self.assertQuiet(read_sms(text), "legitime.alerte-prevention")


class SmsQuotedWarningTestCase(AnalysisTestCase):
    """A colleague's warning from a mobile that quotes the lure, its brand and
    its link between quotes: the quotation is the lure's, not the message's."""

    def test_a_warning_quoting_a_lure_and_its_link_from_a_mobile_is_not_suspect(self):
        for text in (
            "Chers confrères, un patient a reçu un SMS « Ameli : votre remboursement de 48€ est "
            "en attente, confirmez sur ameli-rembourse.info ». C'est une arnaque, ne cliquez pas "
            "et prévenez vos patients.",
            'Attention, ma mère a reçu ce message : "Chronopost : votre colis est bloqué, payez '
            "1,99€ sur chrono-frais.com\". C'est du hameçonnage, ne répondez pas.",
            "Coucou, Mme Dupuis m'a transféré ça : « Chronopost : colis en attente, réglez 2,99€ "
            "ici chrono-colis.info ». Arnaque évidemment, je lui ai dit de supprimer.",
            "Attention, des patients reçoivent de faux SMS Ameli qui renvoient vers "
            "ameli-vitale-renouv.com : c'est une arnaque, ne cliquez pas !",
        ):
            with self.subTest(text=text[:30]):
                analysis = analyse(read_sms(text, sender="06 12 34 56 78"))
                self.assertFires(analysis, "legitime.mise-en-garde")
                self.assertEqual(analysis.verdict, NO_SIGN)

    def test_a_link_outside_the_quotation_keeps_the_lure_whole(self):
        for text in (
            "ARNAQUE en cours, ne cliquez pas sur les faux liens. Mettez à jour votre carte "
            "Vitale ici : ameli-maj.com",
            "Attention arnaque ! Ne cliquez pas sur les faux SMS. Le vrai message « Ameli : "
            "mettez à jour votre carte Vitale » : ameli-maj.com",
        ):
            with self.subTest(text=text[:30]):
                analysis = analyse(read_sms(text, sender="06 12 34 56 78"))
                self.assertQuiet(analysis, "legitime.mise-en-garde")
                self.assertGreaterEqual(analysis.score, SUSPECT_FROM)

    def test_a_quotation_not_called_a_fraud_is_the_message_s_own(self):
        text = (
            "Attention aux arnaques ! Ne cliquez sur aucun lien reçu. Nous vous avons adressé "
            "hier un message officiel, le voici pour mémoire, n'en tenez compte que si vous "
            "êtes concerné, « Ameli : votre carte Vitale doit être mise à jour sur ameli-maj.com »"
        )
        analysis = analyse(read_sms(text, sender="06 12 34 56 78"))
        self.assertQuiet(analysis, "legitime.mise-en-garde")
        self.assertGreaterEqual(analysis.score, SUSPECT_FROM)

    def test_a_bare_address_in_quotes_is_no_quoted_message(self):
        text = "Arnaque ! Ne cliquez pas sur les faux SMS, le bon site est « ameli-maj.com »."
        analysis = analyse(read_sms(text, sender="06 12 34 56 78"))
        self.assertQuiet(analysis, "legitime.mise-en-garde")


class OfficialLinksTestCase(AnalysisTestCase):
    def test_links_all_to_the_claimed_service_are_quieted(self):
        analysis = analyse(
            read_sms(
                "Colissimo : votre colis 6A12345678901 sera livré demain. "
                "Suivi : https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901"
            )
        )
        self.assertFires(analysis, "legitime.liens-officiels")

    def test_one_link_elsewhere_removes_the_quieting(self):
        analysis = analyse(
            read_sms(
                "Colissimo : payez les frais sur https://www.laposte.fr ou https://colis-frais.example.top"
            )
        )
        self.assertQuiet(analysis, "legitime.liens-officiels")


class LegitimateMailStaysQuietTestCase(AnalysisTestCase):
    """Real notifications, newsletters and colleagues' mail: no verdict."""

    def test_real_notifications_and_exchanges_find_no_sign(self):
        messages = {
            "doctolib": eml(
                sender='"Doctolib" <no-reply@doctolib.fr>',
                auth=passed("doctolib.fr"),
                subject="Rappel : votre rendez-vous demain à 10:30",
                html=(
                    '<p>Rendez-vous avec Dr Martin.</p><a href="https://www.doctolib.fr/appointments/123">'
                    'Gérer mon rendez-vous</a><a href="https://apps.apple.com/fr/app/doctolib/id925339063">'
                    "Télécharger l'application Doctolib</a>"
                ),
            ),
            "newsletter": eml(
                sender='"Lettre de l\'URPS" <lettre@urps-ml.example.org>',
                auth=passed("urps-ml.example.org"),
                subject="Les nouveautés d'Ameli pro et de Mon espace santé",
                html=(
                    '<p>Ameli pro évolue.</p><a href="https://r.sp1-brevo.net/mk/cl/f/sh/abc">www.ameli.fr</a>'
                    '<a href="https://urps-ml.example.org/desinscription">Se désinscrire</a>'
                    '<a href="https://twitter.com/intent/tweet?url=https%3A%2F%2Furps-ml.example.org">Partager</a>'
                ),
            ),
            "mailchimp": eml(
                sender='"Société de formation" <info@formation-sante.example.fr>',
                auth=passed("formation-sante.example.fr"),
                html='<a href="https://formation-sante.us12.list-manage.com/track/click?u=1&id=2">www.formation-sante.example.fr</a>',
            ),
            "colleague": eml(
                sender='"Dr Jeanne Petit" <jeanne.petit@orange.fr>',
                subject="Re: patient commun",
                text="Bonjour, je t'envoie les résultats. Sa carte Vitale n'était pas à jour. https://www.has-sante.fr/jcms/p_3118872",
            ),
            "bank": eml(
                sender='"Crédit Agricole" <alertes@ca-centrest.fr>',
                auth=passed("ca-centrest.fr"),
                subject="Votre relevé est disponible",
                html='<a href="https://www.credit-agricole.fr/ca-centrest/particulier.html">Accéder à mon espace</a>',
            ),
            "laposte-net": eml(sender='"Sophie Bernard, infirmière" <sophie.bernard@laposte.net>'),
            "dropbox-sign": eml(
                sender='"Dropbox Sign" <noreply@mail.hellosign.com>',
                auth=passed("mail.hellosign.com"),
                subject="Veuillez signer : bail du cabinet",
                html='<a href="https://app.hellosign.com/sign/abc123">Vérifier et signer</a>',
            ),
            "apple-unauthenticated": eml(
                sender='"Apple" <no_reply@email.apple.com>',
                subject="Votre abonnement sera renouvelé",
                html='<a href="https://apps.apple.com/account/subscriptions">Gérer</a>'
                '<a href="https://apple.co/3abcXYZ">En savoir plus</a>',
            ),
            "microsoft-alert-unauthenticated": eml(
                sender='"Équipe des comptes Microsoft" '
                "<account-security-noreply@accountprotection.microsoft.com>",
                subject="Activité de connexion inhabituelle sur le compte Microsoft",
                html="<p>Nous avons détecté une activité de connexion inhabituelle. Si ce "
                "n'était pas vous, sécurisez votre compte.</p>"
                '<a href="https://account.live.com/Activity">Consulter l\'activité récente</a>',
            ),
            "regional-bank": eml(
                sender='"Crédit Mutuel de Bretagne" <noreply@cmb.fr>',
                auth=passed("cmb.fr"),
                subject="Alerte : nouveau bénéficiaire ajouté",
                html='<a href="https://www.cmb.fr/banque/particuliers/">Mon espace</a>',
            ),
            "brand-newsletter-tracked": eml(
                sender='"Doctolib" <news@doctolib.fr>',
                subject="Les nouveautés de janvier",
                html='<a href="https://s1234.t.en25.com/e/er?s=1&lid=2&elq=abc">Découvrir</a>',
            ),
            "town": eml(
                sender='"Office de tourisme" <contact@amelie-les-bains.com>',
                html='<a href="https://www.amelie-les-bains.com/agenda">www.amelie-les-bains.com</a>',
            ),
        }
        for name, raw in messages.items():
            with self.subTest(message=name):
                analysis = analyse(read_email(raw))
                self.assertLess(
                    analysis.score, SUSPECT_FROM, [(s.rule, s.weight) for s in analysis.signals]
                )


class BorrowedMailboxTestCase(AnalysisTestCase):
    """An authenticated mailbox vouches for who sent, not for what it asks."""

    def test_a_person_writing_from_an_authenticated_webmail_is_not_vouched_for(self):
        analysis = self.analyse_email(
            sender='"Lucas Bernard" <lucas.bernard44@orange.fr>', auth=passed("orange.fr")
        )
        self.assertQuiet(analysis, "legitime.service-authentifie")

    def test_the_webmail_provider_naming_itself_is_still_vouched_for(self):
        analysis = self.analyse_email(
            sender='"Orange" <information@orange.fr>', auth=passed("orange.fr")
        )
        self.assertFires(analysis, "legitime.service-authentifie")

    def test_a_signing_service_sending_for_a_free_webmail_address_is_not_vouched_for(self):
        analysis = self.analyse_email(
            sender='"Étude Roussel via DocuSign" <dse@docusign.net>',
            auth=passed("docusign.net"),
            headers=(("Reply-To", "etude.roussel.notaire@outlook.fr"),),
        )
        self.assertQuiet(analysis, "legitime.service-authentifie")

    def test_a_signing_service_sending_for_an_organisation_on_webmail_is_suspect(self):
        analysis = self.analyse_email(
            sender='"Direction Financière via Docusign" <dse@eumail.docusign.net>',
            subject="Veuillez signer : avis de paiement",
            auth=passed("eumail.docusign.net"),
            headers=(("Reply-To", "direction.financiere.paie@outlook.fr"),),
            html="<p>Direction Financière vous a envoyé un document à signer.</p>"
            '<a href="https://eu.docusign.net/Signing/EmailStart.aspx?a=1">Vérifier le document</a>',
        )
        self.assertQuiet(analysis, "legitime.liens-officiels")
        self.assertGreaterEqual(analysis.score, SUSPECT_FROM)

    def test_an_mssante_colleague_linking_to_an_imitation_is_not_quieted(self):
        analysis = self.analyse_email(
            sender='"Dr Hugo Petit" <hugo.petit@medecin.mssante.fr>',
            auth=passed("medecin.mssante.fr"),
            text=None,
            html='<p>Le bilan est déposé ici : <a href="https://ameli-documents-partage.net/f/1">'
            "bilan.pdf</a></p>",
        )
        self.assertQuiet(analysis, "legitime.messagerie-sante")
        self.assertGreaterEqual(analysis.score, SUSPECT_FROM)

    def test_an_mssante_colleague_linking_to_an_ordinary_site_is_still_quieted(self):
        analysis = self.analyse_email(
            sender='"Dr Hugo Petit" <hugo.petit@medecin.mssante.fr>',
            auth=passed("medecin.mssante.fr"),
            text="Les recommandations : https://www.has-sante.fr/jcms/recommandation",
        )
        self.assertFires(analysis, "legitime.messagerie-sante")


class QuotedLureTestCase(AnalysisTestCase):
    WARNING = (
        "Une fausse page de l'Assurance Maladie circule : hxxps://ameli-remboursement-dossier[.]com"
        "/connexion. Ne saisissez rien. Plus d'informations : https://www.cybermalveillance.gouv.fr"
    )

    def test_a_warning_quoting_a_defanged_address_is_quieted(self):
        analysis = self.analyse_email(
            sender='"Support informatique" <alerte@prestataire-informatique.fr>',
            auth=passed("prestataire-informatique.fr"),
            text=self.WARNING,
        )
        self.assertFires(analysis, "legitime.mise-en-garde")
        self.assertQuiet(analysis, "lien.marque-dans-le-domaine")
        self.assertQuiet(analysis, "lien.obfusque")
        self.assertLess(analysis.score, SUSPECT_FROM)

    def test_a_defanged_address_from_an_unauthenticated_sender_is_not_quieted(self):
        analysis = self.analyse_email(
            sender='"Support informatique" <alerte@prestataire-informatique.fr>', text=self.WARNING
        )
        self.assertQuiet(analysis, "legitime.mise-en-garde")

    def test_a_warning_that_also_offers_a_clickable_lure_is_not_quieted(self):
        analysis = self.analyse_email(
            sender='"Support informatique" <alerte@prestataire-informatique.fr>',
            auth=passed("prestataire-informatique.fr"),
            text=self.WARNING + "\nVérifiez votre compte : https://verif-compte.netlify.app/",
        )
        self.assertQuiet(analysis, "legitime.mise-en-garde")


def delivery_report(sender: str, link: str, to: str = "secretariat@cabinet-durand.fr") -> bytes:
    """A delivery status notification as a mail server writes it (RFC 3464)."""
    return (
        f"Authentication-Results: mx.cabinet-durand.fr; dkim=none; dmarc=none "
        f"header.from=cabinet-durand.fr\n"
        f"From: {sender}\nTo: {to}\nSubject: Non remis : Rendez-vous de jeudi\n"
        "MIME-Version: 1.0\nAuto-Submitted: auto-replied\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\n\n'
        "--b1\nContent-Type: text/html; charset=utf-8\n\n"
        "<p>Votre message n'a pas pu être remis à paul.leroy@exemple-fai.fr : l'adresse "
        "est introuvable. Vérifiez l'adresse du destinataire et renvoyez le message. "
        f'Pour en savoir plus, consultez <a href="{link}">la page d\'aide</a>.</p>\n'
        "--b1\nContent-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns;mx.cabinet-durand.fr\n\n"
        "Final-Recipient: rfc822;paul.leroy@exemple-fai.fr\nAction: failed\nStatus: 5.1.1\n\n"
        "--b1\nContent-Type: text/rfc822-headers\n\n"
        "From: secretariat@cabinet-durand.fr\nSubject: Rendez-vous de jeudi\n\n"
        "--b1--\n"
    ).encode()


class DeliveryReportTestCase(AnalysisTestCase):
    def test_a_report_of_the_practice_s_own_server_is_quieted(self):
        message = read_email(
            delivery_report(
                '"Microsoft Outlook" <MicrosoftExchange1a2b@cabinet-durand.fr>',
                "https://go.microsoft.com/fwlink/?LinkId=123456",
            )
        )
        self.assertFires(message, "legitime.rapport-de-remise")
        self.assertQuiet(message, "expediteur.marque-usurpee")
        self.assertEqual(analyse(message).verdict, NO_SIGN)

    def test_a_report_that_leads_to_an_unknown_page_is_not_quieted(self):
        message = read_email(
            delivery_report(
                '"Postmaster" <postmaster@cabinet-durand.fr>',
                "https://recuperer-messages-bloques.example-mail.top/login",
            )
        )
        self.assertQuiet(message, "legitime.rapport-de-remise")

    def test_a_report_from_another_domain_keeps_its_brand_claim(self):
        message = read_email(
            delivery_report(
                '"Microsoft Outlook" <no-reply@messagerie-quarantaine.com>',
                "https://go.microsoft.com/fwlink/?LinkId=123456",
            )
        )
        self.assertQuiet(message, "legitime.rapport-de-remise")
        self.assertFires(message, "expediteur.marque-usurpee")


class WordingOnlyTestCase(AnalysisTestCase):
    """An authenticated service's own links, or a warning's quoted lure: wording
    alone does not make them suspect."""

    REMINDER = (
        "Action requise : le prélèvement de votre abonnement a échoué. Pour éviter "
        "toute interruption de service sous 48 h, mettez à jour votre moyen de paiement "
        "dans votre espace client."
    )

    def reminder(self, link: str, extra: str = ""):
        return self.analyse_email(
            sender='"Microsoft" <facturation@microsoft.com>',
            auth=passed("microsoft.com"),
            subject="Votre paiement n'a pas abouti",
            text=f"{self.REMINDER}\nGérer la facturation : {link}\n{extra}",
        )

    def test_a_service_s_reminder_with_its_own_links_is_not_suspect(self):
        analysis = self.reminder("https://admin.microsoft.com/billing")
        self.assertFires(analysis, "legitime.mots-seuls")
        self.assertEqual(analysis.verdict, NO_SIGN)

    def test_a_link_elsewhere_keeps_the_wording_whole(self):
        analysis = self.reminder("https://facturation-abonnement.example.com/carte")
        self.assertQuiet(analysis, "legitime.mots-seuls")

    def test_a_number_to_call_keeps_the_wording_whole(self):
        analysis = self.reminder(
            "https://admin.microsoft.com/billing", "Contactez le support au +1 888 555 0199."
        )
        self.assertQuiet(analysis, "legitime.mots-seuls")

    def test_an_unknown_authenticated_sender_is_not_covered(self):
        analysis = self.analyse_email(
            sender='"Service facturation" <facturation@hebergeur-exemple.fr>',
            auth=passed("hebergeur-exemple.fr"),
            text=f"{self.REMINDER}\nhttps://hebergeur-exemple.fr/paiement",
        )
        self.assertQuiet(analysis, "legitime.mots-seuls")

    def test_a_warning_that_quotes_a_whole_lure_is_not_suspect(self):
        analysis = self.analyse_email(
            sender='"Support informatique" <alerte@prestataire-informatique.fr>',
            auth=passed("prestataire-informatique.fr"),
            subject="[Vigilance] Faux e-mails de l'Assurance Maladie",
            text=(
                "Un faux message circule, le voici :\n"
                "> Votre carte Vitale expire : action requise sous 48h. Pour éviter la "
                "suspension de vos droits, réglez les frais d'envoi (1,99 €) :\n"
                "> hxxps://carte-vitale-renouvellement[.]info/paiement\n"
                "Ne cliquez pas et supprimez-le."
            ),
        )
        self.assertFires(analysis, "legitime.mise-en-garde")
        self.assertFires(analysis, "legitime.mots-seuls")
        self.assertEqual(analysis.verdict, NO_SIGN)


class WarningBySubjectTestCase(AnalysisTestCase):
    TEXT = (
        "Des patients reçoivent un SMS « Votre carte Vitale expire : action requise sous 24h, "
        "réglez les frais de renouvellement ». Ne cliquez pas, ne communiquez pas votre "
        "numéro de carte bancaire. Plus d'informations : https://www.cybermalveillance.gouv.fr"
    )

    def warning(self, subject: str, text: str):
        return self.analyse_email(
            sender='"Pôle santé du Val" <communication@pole-sante-du-val.fr>',
            auth=passed("pole-sante-du-val.fr"),
            subject=subject,
            text=text,
        )

    def test_an_authenticated_warning_against_fake_messages_is_not_suspect(self):
        for subject in ("Vigilance : faux SMS de l'Assurance Maladie", "Arnaque à la carte Vitale"):
            with self.subTest(subject=subject):
                analysis = self.warning(subject, self.TEXT)
                self.assertFires(analysis, "legitime.mise-en-garde")
                self.assertEqual(analysis.verdict, NO_SIGN)

    def test_an_alarm_about_one_s_account_is_no_warning(self):
        analysis = self.warning("Alerte de sécurité : activité inhabituelle", self.TEXT)
        self.assertQuiet(analysis, "legitime.mise-en-garde")

    def test_a_warning_subject_over_a_lure_s_link_is_no_warning(self):
        analysis = self.warning(
            "Protection contre le phishing",
            "Sécurisez votre compte : https://securite-compte.example.top/",
        )
        self.assertQuiet(analysis, "legitime.mise-en-garde")


class PlainExchangeReportTestCase(AnalysisTestCase):
    """Exchange writes some delivery reports as an ordinary message, marked in
    its headers; the failed address's domain, written bare, is no link."""

    def report(self, sender: str, headers=(("X-MS-Exchange-Message-Is-Ndr", ""),)):
        return read_email(
            eml(
                sender=sender,
                auth="mx.cabinet-durand.fr; dkim=none; dmarc=none header.from=cabinet-durand.fr",
                subject="Échec de la remise : Courrier pour le Dr Roux",
                headers=(("Auto-Submitted", "auto-replied"), *headers),
                text=(
                    "Votre message à dr.roux@centre-medical-exemple.fr n'a pas pu être remis.\n"
                    "dr.roux est introuvable sur centre-medical-exemple.fr.\n"
                    "Action requise : vérifiez l'adresse du destinataire et renvoyez le message."
                ),
            )
        )

    def test_a_plain_report_of_the_practice_s_own_server_is_quieted(self):
        for headers in ((("X-MS-Exchange-Message-Is-Ndr", ""),), ()):
            with self.subTest(headers=headers):
                message = self.report(
                    '"Microsoft Outlook" <MicrosoftExchange5c7d@cabinet-durand.fr>', headers
                )
                self.assertFires(message, "legitime.rapport-de-remise")
                self.assertQuiet(message, "lien.hors-marque")
                self.assertEqual(analyse(message).verdict, NO_SIGN)

    def test_a_person_s_mailbox_is_no_mail_server(self):
        message = self.report('"Paul Leroy" <paul.leroy@cabinet-durand.fr>', ())
        self.assertQuiet(message, "legitime.rapport-de-remise")


class RecipientDomainTestCase(AnalysisTestCase):
    def test_a_service_naming_the_recipient_s_own_domain_links_nowhere_else(self):
        analysis = self.analyse_email(
            sender='"Google Workspace" <payments-noreply@google.com>',
            auth=passed("google.com"),
            subject="Action requise : votre paiement a été refusé",
            text=(
                "Le paiement de votre abonnement (cabinet-durand.fr) a été refusé. Pour éviter "
                "toute interruption de service, mettez à jour vos informations de paiement :\n"
                "https://admin.google.com/ac/billing"
            ),
        )
        self.assertQuiet(analysis, "lien.hors-marque")
        self.assertFires(analysis, "legitime.mots-seuls")
        self.assertEqual(analysis.verdict, NO_SIGN)


class QuotedLureWithNumberTestCase(AnalysisTestCase):
    def test_a_warning_quoting_a_lure_may_give_its_own_number(self):
        analysis = self.analyse_email(
            sender='"Conseil de l\'Ordre" <secretariat@35.medecin.fr>',
            auth=passed("35.medecin.fr"),
            subject="Vigilance : faux courriels de cotisation",
            text=(
                "Un faux courriel circule : « Dernier avis : réglez votre cotisation impayée "
                "sous 24 h pour éviter la suspension, via cotisation-ordre-paiement[.]com ». "
                "Si vous avez saisi vos coordonnées bancaires, faites opposition. "
                "Signalez-le sur https://www.signal-spam.fr. En cas de doute, appelez le "
                "secrétariat au 02 99 00 00 11."
            ),
        )
        self.assertFires(analysis, "legitime.mots-seuls")
        self.assertQuiet(analysis, "lien.hors-marque")
        self.assertEqual(analysis.verdict, NO_SIGN)


def hosting_bounce(mistyped: str, link: str = "") -> bytes:
    """A bounce from a hosting provider's outgoing servers, about an address
    whose domain was mistyped."""
    extra = f"Plus d'aide : {link}\n" if link else ""
    return (
        "From: MAILER-DAEMON@mo12.mail-out.hebergeur-exemple.net (Mail Delivery System)\n"
        "To: accueil@cabinet-durand.fr\nSubject: Undelivered Mail Returned to Sender\n"
        "MIME-Version: 1.0\nAuto-Submitted: auto-replied\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\n\n'
        "--b1\nContent-Type: text/plain; charset=us-ascii\n\n"
        f"<c.roux@{mistyped}>: Host or domain name not found. Name service error\n"
        f"    for name={mistyped} type=MX: Host not found\n{extra}"
        "--b1\nContent-Type: message/delivery-status\n\n"
        f"Final-Recipient: rfc822; c.roux@{mistyped}\nAction: failed\nStatus: 5.4.4\n\n"
        "--b1\nContent-Type: text/rfc822-headers\n\n"
        "From: accueil@cabinet-durand.fr\nSubject: Votre rendez-vous\n\n"
        "--b1--\n"
    ).encode()


class ProviderBounceTestCase(AnalysisTestCase):
    def test_a_mistyped_domain_named_in_a_bounce_is_not_a_link(self):
        for mistyped in ("orang.fr", "lapost.net", "wanado.fr"):
            message = read_email(hosting_bounce(mistyped))
            self.assertQuiet(message, "lien.sosie-de-domaine")
            self.assertEqual(analyse(message).verdict, NO_SIGN)

    def test_a_clickable_link_in_a_bounce_is_still_checked(self):
        message = read_email(
            hosting_bounce("lapost.net", "https://laposte-messagerie.top/debloquer")
        )
        self.assertFires(message, "lien.marque-dans-le-domaine")


class OrdreWarningTestCase(AnalysisTestCase):
    def test_a_departmental_ordre_warning_from_its_real_domain_is_quiet(self):
        analysis = self.analyse_email(
            sender='"Conseil départemental de l\'Ordre des chirurgiens-dentistes du Gard" '
            "<cd30@oncd.org>",
            auth=passed("oncd.org"),
            subject="Attention : faux courriels au nom de l'Ordre",
            text="Un faux courriel circule : « Votre inscription sera suspendue sous 48 h, "
            "confirmez vos informations : hxxps://ordre-dentaire-maj[.]com ». Ne cliquez pas.",
        )
        self.assertQuiet(analysis, "expediteur.marque-usurpee")
        self.assertLess(analysis.score, SUSPECT_FROM)

    def test_the_same_name_from_another_domain_is_still_a_spoof(self):
        analysis = self.analyse_email(
            sender='"Conseil départemental de l\'Ordre des chirurgiens-dentistes" '
            "<contact@ordre-dentaire-maj.com>",
            text="Votre inscription sera suspendue sous 48 h.",
        )
        self.assertFires(analysis, "expediteur.marque-usurpee")
