from hygie.phishing.analysis import SUSPECT_FROM, analyse
from hygie.phishing.domains import address
from hygie.phishing.links import embedded_url, mixed_scripts
from hygie.phishing.reading import read_link, read_sms
from hygie.phishing.tests.helpers import AnalysisTestCase, passed
from hygie.phishing.tests.test_legit import INVITATION


def anchor(href: str, text: str) -> str:
    return f'<p>Bonjour,</p><p><a href="{href}">{text}</a></p>'


class LookAlikeTestCase(AnalysisTestCase):
    def test_a_look_alike_of_a_protected_domain_is_suspect_alone(self):
        for url in (
            "http://doctoIib.fr/login",
            "https://chr0nopost.fr/suivi",
            "https://amelli.fr/",
            "https://xn--amli-cpa.fr/",
        ):
            with self.subTest(url=url):
                analysis = analyse(read_link(url))
                self.assertFires(analysis, "lien.sosie-de-domaine")
                self.assertGreaterEqual(analysis.score, SUSPECT_FROM)

    def test_the_explanation_names_the_domain_and_whom_it_imitates(self):
        signal = self.rules(read_link("https://chr0nopost.fr/suivi"))["lien.sosie-de-domaine"]
        self.assertEqual(
            signal.explanation,
            "Le lien mène à chr0nopost.fr, qui imite chronopost.fr (Chronopost) sans lui appartenir.",
        )
        self.assertEqual(signal.evidence[0].text, "https://chr0nopost.fr/suivi")
        self.assertEqual(signal.family, "lien")
        self.assertTrue(signal.source)

    def test_a_brand_in_another_domain_is_suspect_alone(self):
        signal = self.rules(read_link("https://cpam-contact.fr/carte"))[
            "lien.marque-dans-le-domaine"
        ]
        self.assertEqual(
            signal.explanation,
            "Le lien mène à cpam-contact.fr, qui n'appartient pas à l'Assurance Maladie (ameli.fr).",
        )
        self.assertGreaterEqual(signal.weight, SUSPECT_FROM)

    def test_an_official_domain_written_in_front_of_another_is_a_fake_subdomain(self):
        signal = self.rules(read_link("https://impots.gouv.fr.remboursement-secure.com/"))[
            "lien.faux-sous-domaine"
        ]
        self.assertIn("remboursement-secure.com", signal.explanation)
        self.assertIn("la DGFiP", signal.explanation)

    def test_real_domains_and_legitimate_look_alikes_stay_quiet(self):
        for url in (
            "https://www.ameli.fr/assure/remboursements",
            "https://assurance-maladie.ameli.fr/presse",
            "https://www.amelie-les-bains.com/",
            "https://www.collectivites-locales.gouv.fr/finances-locales/impots-locaux",
            "https://www.impots.gouv.fr/particulier/questions/impots-locaux",
            "https://www.doctolib.fr/medecin-generaliste/nantes",
            "https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345",
            "https://www.credit-agricole.fr/",
            "https://www.ca-aquitaine.fr/particulier.html",
        ):
            with self.subTest(url=url):
                self.assertEqual(analyse(read_link(url)).signals, [])


class TextMismatchTestCase(AnalysisTestCase):
    def test_a_link_showing_a_brand_domain_and_leading_elsewhere_is_suspect(self):
        analysis = self.analyse_email(
            html=anchor("https://evil-login.example.com/ameli", "https://www.ameli.fr/assure")
        )
        signal = self.rules(analysis)["lien.texte-trompeur"]
        self.assertEqual(
            signal.explanation,
            "Le lien affiche « https://www.ameli.fr/assure » (Assurance Maladie) mais mène en réalité à example.com.",
        )
        self.assertGreaterEqual(signal.weight, SUSPECT_FROM)
        self.assertEqual([e.where for e in signal.evidence], ["lien", "texte"])

    def test_a_link_showing_another_domain_is_suspect(self):
        analysis = self.analyse_email(
            html=anchor("https://collecte.example.net/", "www.cabinet-dupont.fr")
        )
        self.assertEqual(self.rules(analysis)["lien.texte-trompeur"].weight, 3.0)

    def test_a_link_naming_a_brand_and_leading_elsewhere_fires(self):
        analysis = self.analyse_email(
            html=anchor("https://collecte.example.net/", "Accéder à mon compte Ameli")
        )
        self.assertIn("Assurance Maladie", self.rules(analysis)["lien.texte-trompeur"].explanation)

    def test_a_subdomain_either_way_is_the_same_site(self):
        for href, text in (
            ("https://www.ameli.fr/x", "ameli.fr"),
            ("https://ameli.fr/x", "https://assurance-maladie.ameli.fr"),
            ("https://www.assurance-maladie.fr/x", "www.ameli.fr"),  # both the Assurance Maladie's
        ):
            with self.subTest(text=text):
                self.assertQuiet(self.analyse_email(html=anchor(href, text)), "lien.texte-trompeur")

    def test_an_app_store_badge_naming_the_brand_is_no_mismatch(self):
        analysis = self.analyse_email(
            html=anchor(
                "https://apps.apple.com/fr/app/doctolib/id925339063",
                "Télécharger l'application Doctolib",
            )
        )
        self.assertQuiet(analysis, "lien.texte-trompeur")

    def test_a_tracker_of_an_authenticated_newsletter_is_quiet(self):
        analysis = self.analyse_email(
            sender='"URPS Médecins" <lettre@urps-medecins.example.org>',
            auth=passed("urps-medecins.example.org"),
            html=anchor(
                "https://r.sp1-brevo.net/mk/cl/f/abc123", "www.urps-medecins.example.org/agenda"
            ),
        )
        self.assertQuiet(analysis, "lien.texte-trompeur")

    def test_a_tracker_of_an_unauthenticated_sender_weighs_little(self):
        analysis = self.analyse_email(
            sender='"URPS Médecins" <lettre@urps-medecins.example.org>',
            html=anchor(
                "https://xyz.sendibt3.com/tr/cl/abc", "www.urps-medecins.example.org/agenda"
            ),
        )
        self.assertEqual(self.rules(analysis)["lien.texte-trompeur"].weight, 1.0)

    def test_links_to_the_senders_own_authenticated_domain_are_quiet(self):
        analysis = self.analyse_email(
            sender='"Clinique du Parc" <info@clinique-du-parc.example.fr>',
            auth=passed("clinique-du-parc.example.fr"),
            html=anchor(
                "https://click.clinique-du-parc.example.fr/t/1", "www.clinique-parc.example.com"
            ),
        )
        self.assertQuiet(analysis, "lien.texte-trompeur")


class AddressTricksTestCase(AnalysisTestCase):
    def test_a_brand_before_an_at_sign_is_dangerous_trickery(self):
        signal = self.rules(read_link("https://ameli.fr@collecte.example.top/x"))[
            "lien.identifiant-dans-l-adresse"
        ]
        self.assertIn("collecte.example.top", signal.explanation)
        self.assertEqual(signal.weight, 5.0)

    def test_an_ip_address_host_fires(self):
        self.assertEqual(
            self.rules(read_link("http://185.34.12.7/ameli/"))["lien.adresse-ip"].weight, 3.0
        )
        self.assertEqual(
            self.rules(read_link("http://192.168.1.1/"))["lien.adresse-ip"].weight, 1.5
        )

    def test_mixed_scripts_fire_and_an_ordinary_accented_name_weighs_little(self):
        self.assertTrue(mixed_scripts("раypal.com"))  # a Cyrillic er and a Cyrillic a
        self.assertFalse(mixed_scripts("élysée.fr"))
        self.assertFires(read_link("https://раypal.com/"), "lien.ecritures-melangees")
        self.assertEqual(
            self.rules(read_link("https://www.élysée.fr/"))["lien.nom-international"].weight, 1.0
        )

    def test_invisible_characters_in_a_link_fire(self):
        self.assertFires(
            read_sms("Payez ici : https://paie\u200bment.example.com/x"),
            "lien.caracteres-invisibles",
        )

    def test_an_obfuscated_link_fires_weakly(self):
        signal = self.rules(read_sms("Voir hxxps://colis-suivi[.]example.com/x"))["lien.obfusque"]
        self.assertLess(signal.weight, SUSPECT_FROM)

    def test_a_script_link_fires(self):
        self.assertFires(
            self.analyse_email(html=anchor("javascript:alert(1)", "Voir le document")),
            "lien.code-dans-le-lien",
        )

    def test_a_form_in_an_email_fires(self):
        html = '<form action="https://collecte.example.com/p"><input name="mdp"></form>'
        self.assertFires(self.analyse_email(html=html), "lien.formulaire")

    def test_an_unusual_port_fires_weakly(self):
        self.assertEqual(
            self.rules(read_link("https://example.com:8443/x"))["lien.port-inhabituel"].weight, 1.0
        )


class WeakSignalsTestCase(AnalysisTestCase):
    def test_a_shortener_alone_is_not_suspect(self):
        analysis = analyse(read_sms("Les soldes commencent : https://bit.ly/3Xc9kLm"))
        self.assertFires(analysis, "lien.raccourci")
        self.assertLess(analysis.score, SUSPECT_FROM)

    def test_a_brand_own_shortener_is_no_shortener(self):
        self.assertQuiet(read_sms("Votre commande : https://amzn.to/3abc"), "lien.raccourci")

    def test_a_cheap_top_level_domain_alone_is_not_suspect(self):
        analysis = analyse(read_link("https://promo-ete.shop/"))
        self.assertEqual(self.rules(analysis)["lien.extension-suspecte"].weight, 1.0)
        self.assertEqual(
            self.rules(read_link("https://colis-24.top/"))["lien.extension-suspecte"].weight, 2.0
        )
        self.assertLess(analysis.score, SUSPECT_FROM)

    def test_free_hosting_alone_is_not_suspect(self):
        analysis = analyse(read_link("https://cabinet-dupont.web.app/"))
        self.assertFires(analysis, "lien.hebergement-gratuit")
        self.assertLess(analyse(read_link("https://cabinet-dupont.web.app/")).score, SUSPECT_FROM)

    def test_a_rule_fires_once_however_many_links_it_concerns(self):
        text = " ".join(f"https://bit.ly/{k}" for k in range(20))
        analysis = analyse(read_sms(text))
        shorteners = [s for s in analysis.signals if s.rule == "lien.raccourci"]
        self.assertEqual(len(shorteners), 1)
        self.assertEqual(shorteners[0].weight, 1.5)
        self.assertIn("20 liens", shorteners[0].explanation)


class RedirectTestCase(AnalysisTestCase):
    def test_the_one_address_a_redirect_carries_is_found(self):
        self.assertEqual(
            embedded_url(
                address("https://www.google.com/url?q=https%3A%2F%2Fcpam-contact.fr%2Fx&sa=D")
            ),
            "https://cpam-contact.fr/x",
        )
        self.assertEqual(
            embedded_url(address("https://urldefense.com/v3/__https://evil.example.com/a__;!!x")),
            "https://evil.example.com/a",
        )
        self.assertIsNone(
            embedded_url(address("https://example.com/?a=https://x.fr&b=https://y.fr"))
        )

    def test_a_redirect_is_unwrapped_and_its_target_analysed(self):
        analysis = analyse(
            read_link("https://redirect.example.net/go?to=https%3A%2F%2Fcpam-contact.fr%2Fvitale")
        )
        self.assertFires(analysis, "lien.redirection")
        self.assertFires(analysis, "lien.marque-dans-le-domaine")

    def test_a_protection_wrapper_is_unwrapped_silently(self):
        url = (
            "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.ameli.fr%2Fassure"
            "&data=05%7C01&reserved=0"
        )
        self.assertEqual(analyse(read_link(url)).signals, [])

    def test_share_buttons_are_no_redirect(self):
        analysis = self.analyse_email(
            html=anchor(
                "https://twitter.com/intent/tweet?url=https%3A%2F%2Fwww.ameli.fr%2Fa", "Partager"
            )
        )
        self.assertQuiet(analysis, "lien.redirection")
        self.assertQuiet(analysis, "lien.marque-dans-le-chemin")


class PathTestCase(AnalysisTestCase):
    def test_a_brand_domain_in_the_path_of_another_site_fires(self):
        signal = self.rules(
            read_link("https://compromis.example.com/wp-content/ameli.fr/connexion.php")
        )["lien.marque-dans-le-chemin"]
        self.assertIn("ameli.fr", signal.explanation)

    def test_a_brand_word_in_an_article_address_is_quiet(self):
        self.assertEqual(
            analyse(
                read_link("https://www.lequotidiendumedecin.fr/actus/ameli-nouvelle-teleservice")
            ).signals,
            [],
        )


class ClaimsTestCase(AnalysisTestCase):
    def test_an_sms_speaking_for_a_service_with_a_link_elsewhere_fires(self):
        analysis = analyse(
            read_sms(
                "Assurance Maladie : votre remboursement de 86,40 EUR est en attente : https://rb.gy/x7k2p"
            )
        )
        signal = self.rules(analysis)["lien.sms-service"]
        self.assertEqual(
            signal.explanation,
            "Le SMS parle au nom de l'Assurance Maladie mais son lien mène à rb.gy, "
            "qui n'appartient pas à l'Assurance Maladie (ameli.fr).",
        )
        self.assertGreaterEqual(analysis.score, SUSPECT_FROM)

    def test_an_sms_with_the_services_own_link_is_quiet(self):
        for text in (
            "Doctolib : RDV confirmé le 12/03 à 10h30 avec Dr Martin. Gérer : https://www.doctolib.fr/appointments",
            "Chronopost : votre colis XY123456789FR sera livré demain. Suivi : https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT=XY123456789FR",
            "L'Assurance Maladie vous informe : un nouveau document est disponible dans votre compte ameli.fr",
        ):
            with self.subTest(text=text[:30]):
                self.assertQuiet(read_sms(text), "lien.sms-service")

    def test_an_sms_sending_to_a_partner_service_or_a_state_site_is_quiet(self):
        for text in (
            "CPAM : votre employeur doit déclarer votre arrêt sur net-entreprises.fr",
            "Assurance Maladie : payez votre facture d'hôpital sur payfip.gouv.fr",
            "DHL Express : droits à régler sur https://mydhl.express.dhl/fr/paiement",
        ):
            with self.subTest(text=text[:30]):
                self.assertQuiet(read_sms(text), "lien.sms-service")

    def test_an_sms_sending_to_free_hosting_under_a_known_name_still_fires(self):
        analysis = analyse(
            read_sms(
                "Assurance Maladie : votre carte Vitale expire, https://cpam-carte.pages.dev/x"
            )
        )
        self.assertFires(analysis, "lien.sms-service")

    def test_a_place_named_after_a_brand_is_no_claim(self):
        analysis = analyse(
            read_sms(
                "Pharmacie de la Poste : votre commande est prête. Horaires : https://www.pharmacie-exemple.fr"
            )
        )
        self.assertQuiet(analysis, "lien.sms-service")

    def test_an_email_from_a_claimed_brand_with_links_elsewhere_fires(self):
        analysis = self.analyse_email(
            sender='"Chronopost" <suivi@livraison-express.example.com>',
            html=anchor("https://frais-livraison.example.com/payer", "Payer 1,99 €"),
        )
        self.assertFires(analysis, "lien.hors-marque")


class LureNameTestCase(AnalysisTestCase):
    def test_a_domain_made_of_lure_words_fires_weakly(self):
        for url in (
            "https://secure-banque-fr.com/login",
            "https://suivi-colis24.com/",
            "https://frais-livraison.net/",
        ):
            with self.subTest(url=url):
                analysis = analyse(read_link(url))
                self.assertEqual(self.rules(analysis)["lien.nom-trompeur"].weight, 2.0)
                self.assertLess(analysis.score, SUSPECT_FROM)

    def test_ordinary_domains_with_one_such_word_are_quiet(self):
        for url in (
            "https://resultats.bio-ouest.fr/",
            "https://www.espace-sante-lyon.fr/",
            "https://mon-compte.example.fr/",
        ):
            with self.subTest(url=url):
                self.assertQuiet(read_link(url), "lien.nom-trompeur")


class UserPagesTestCase(AnalysisTestCase):
    def test_a_form_on_a_big_providers_domain_to_see_a_document_weighs_as_a_lure(self):
        for href in (
            "https://docs.google.com/forms/d/e/1FAIpQLSf-exemple/viewform",
            "https://sites.google.com/view/partage-dossier-cabinet",
            "https://partage-fichiers-44.web.app/",
        ):
            with self.subTest(href=href):
                analysis = self.analyse_email(
                    text=None, html=anchor(href, "Consulter le document partagé")
                )
                signal = self.rules(analysis)["lien.hebergement-gratuit"]
                self.assertGreaterEqual(signal.weight, SUSPECT_FROM)

    def test_a_free_hosting_link_that_asks_nothing_weighs_little(self):
        analysis = self.analyse_email(
            text=None, html=anchor("https://association-randonnee.netlify.app/", "notre site")
        )
        self.assertLess(self.rules(analysis)["lien.hebergement-gratuit"].weight, SUSPECT_FROM)

    def test_a_shared_google_document_is_no_user_page(self):
        analysis = self.analyse_email(
            text=None,
            html=anchor("https://docs.google.com/document/d/1AbC-exemple/edit", "le planning"),
        )
        self.assertQuiet(analysis, "lien.hebergement-gratuit")


class ExecutableLinkTestCase(AnalysisTestCase):
    def test_a_link_that_downloads_a_program_fires(self):
        for href in (
            "https://maj-logiciel-medical.example.com/telechargement/Correctif_2026.exe",
            "https://editeur-exemple.com/dl/installer.msi?v=3",
        ):
            with self.subTest(href=href):
                analysis = self.analyse_email(
                    text=None, html=anchor(href, "Installer la mise à jour")
                )
                self.assertFires(analysis, "lien.fichier-executable")

    def test_a_link_to_a_document_or_a_page_does_not(self):
        for href in (
            "https://editeur-exemple.com/notice-installation.pdf",
            "https://editeur-exemple.com/exercices/comprendre.html",
        ):
            with self.subTest(href=href):
                analysis = self.analyse_email(text=None, html=anchor(href, "La notice"))
                self.assertQuiet(analysis, "lien.fichier-executable")


class WritingAboutABrandTestCase(AnalysisTestCase):
    def test_an_authenticated_sender_may_write_about_a_brand_it_does_not_name_itself(self):
        analysis = self.analyse_email(
            sender='"Prestataire informatique" <alerte@prestataire-informatique.fr>',
            auth=passed("prestataire-informatique.fr"),
            subject="Faux messages Doctolib en circulation",
            text="Signalez-les sur https://www.signal-spam.fr",
        )
        self.assertQuiet(analysis, "lien.hors-marque")

    def test_an_unauthenticated_sender_writing_about_a_brand_still_links_off_brand(self):
        analysis = self.analyse_email(
            sender='"Prestataire informatique" <alerte@prestataire-informatique.fr>',
            subject="Votre compte Doctolib est suspendu",
            text="Réactivez-le : https://www.reactivation-agenda.fr",
        )
        self.assertFires(analysis, "lien.hors-marque")

    def test_health_and_document_words_make_a_lure_name(self):
        analysis = self.analyse_email(
            text=None,
            html=anchor("https://resultats-patient-en-ligne.com/acces", "Mes résultats"),
        )
        self.assertFires(analysis, "lien.nom-trompeur")

    def test_a_lure_name_inviting_to_see_a_document_weighs_more_than_one_inviting_nothing(self):
        document = self.analyse_email(
            text=None,
            html=anchor("https://patient-dossier-acces.com/x", "Consulter votre dossier"),
        )
        nothing = self.analyse_email(
            text=None, html=anchor("https://patient-dossier-acces.com/x", "notre association")
        )
        self.assertGreaterEqual(self.rules(document)["lien.nom-trompeur"].weight, SUSPECT_FROM)
        self.assertLess(self.rules(nothing)["lien.nom-trompeur"].weight, SUSPECT_FROM)


class SharedByPersonTestCase(AnalysisTestCase):
    """The stolen mailbox's lure: a person's only link opens a shared document."""

    DRIVE = "https://drive.google.com/file/d/1aBcDeFgHiJkLmNoPq/view?usp=sharing"
    SHAREPOINT = "https://cabinetvernet-my.sharepoint.com/:b:/g/personal/a_vernet/EkR2s9?e=x1"

    def shared(self, sender: str, text: str, headers=(), auth: str | None = None):
        return self.analyse_email(
            sender=sender, subject="Documents", text=text, headers=headers, auth=auth
        )

    def test_a_drive_link_from_a_free_webmail_is_suspect(self):
        analysis = self.shared(
            '"Marc Tessier" <marc.tessier62@gmail.com>',
            f"Bonjour,\nje vous mets les papiers ici, dites-moi si ça passe :\n{self.DRIVE}\nMarc",
        )
        self.assertFires(analysis, "lien.document-partage")
        self.assertGreaterEqual(analysis.score, SUSPECT_FROM)

    def test_a_colleague_of_another_practice_alone_stays_below_suspect(self):
        analysis = self.shared(
            '"Dr Anne Vernet" <a.vernet@cabinet-vernet.fr>',
            f"Bonjour,\nle compte rendu de consultation est ici :\n{self.SHAREPOINT}\nAnne Vernet",
        )
        self.assertEqual(self.rules(analysis)["lien.document-partage"].weight, 2.0)
        self.assertLess(analysis.score, SUSPECT_FROM)

    def test_a_copied_sharing_notice_or_a_sign_in_adds_to_it(self):
        for text in (
            f"Anne Vernet a partagé un fichier avec vous.\nOuvrir : {self.SHAREPOINT}",
            f"Le fichier est ici, identifiez-vous avec votre adresse pour l'ouvrir : {self.SHAREPOINT}",
        ):
            with self.subTest(text=text[:30]):
                analysis = self.shared('"Dr Anne Vernet" <a.vernet@cabinet-vernet.fr>', text)
                self.assertGreaterEqual(analysis.score, SUSPECT_FROM)

    def test_signing_in_with_one_s_professional_address_adds_to_it(self):
        for text in (
            f"Les résultats sont dans l'espace partagé, l'accès se fait avec votre adresse "
            f"de messagerie professionnelle : {self.SHAREPOINT}",
            f"Ouverture du dossier : connexion avec vos identifiants habituels. {self.SHAREPOINT}",
        ):
            with self.subTest(text=text[:30]):
                analysis = self.shared(
                    '"Secrétariat Dr Vernet" <secretariat@cabinet-vernet.fr>', text
                )
                self.assertGreaterEqual(analysis.score, SUSPECT_FROM)

    def test_a_union_s_survey_to_one_member_is_not_concerned(self):
        analysis = self.shared(
            '"Syndicat des kinés de Bretagne" <bureau@syndicat-kines-bzh.fr>',
            "Merci de répondre à notre questionnaire sur vos tournées : "
            "https://docs.google.com/forms/d/e/1FAIpQLSd-exemple/viewform",
        )
        self.assertQuiet(analysis, "lien.document-partage")

    def test_a_union_s_free_webmail_is_still_concerned(self):
        analysis = self.shared(
            '"Association des IDEL du Morbihan" <idel56.asso@gmail.com>',
            f"Le compte rendu de l'assemblée est ici : {self.DRIVE}",
        )
        self.assertFires(analysis, "lien.document-partage")

    def test_a_colleague_of_the_same_organisation_is_not_concerned(self):
        analysis = self.shared(
            '"Dr Anne Vernet" <a.vernet@cabinet-durand.fr>',
            f"Le protocole est sur le partage : {self.SHAREPOINT}",
        )
        self.assertQuiet(analysis, "lien.document-partage")

    def test_a_service_or_a_message_with_other_links_is_not_concerned(self):
        self.assertQuiet(
            self.shared(
                '"Espace documents" <no-reply@plateforme-exemple.fr>',
                f"Un document vous attend : {self.DRIVE}",
            ),
            "lien.document-partage",
        )
        self.assertQuiet(
            self.shared(
                '"Marc Tessier" <marc.tessier62@gmail.com>',
                f"Le document est ici : {self.DRIVE}\nLe programme : https://www.congres-exemple.fr/programme",
            ),
            "lien.document-partage",
        )


class MeetingElsewhereTestCase(AnalysisTestCase):
    """An invitation to a video meeting whose link to join leads elsewhere."""

    def invitation(self, link: str, service: str = "Microsoft Teams"):
        return self.analyse_email(
            sender='"Coordination CPTS" <coordination@cpts-exemple.fr>',
            auth=passed("cpts-exemple.fr"),
            subject="Réunion de coordination – jeudi 12:30",
            text=None,
            html=(
                f"<p>Vous êtes invité à la réunion de coordination.</p><p>Réunion {service}</p>"
                f'<p><a href="{link}">Cliquez ici pour rejoindre la réunion</a></p>'
            ),
            attachments=(("invite.ics", "text/calendar", INVITATION),),
        )

    def test_a_join_link_away_from_the_named_service_is_suspect(self):
        for service, link in (
            (
                "Microsoft Teams",
                "https://rejoindre-teams-reunion.online/l/meetup-join/19%3ameeting_x",
            ),
            ("Zoom", "https://zoom-salle-attente.example.top/j/8812345678"),
        ):
            with self.subTest(service=service):
                analysis = self.invitation(link, service)
                self.assertFires(analysis, "lien.reunion-ailleurs")
                self.assertQuiet(analysis, "legitime.invitation")
                self.assertGreaterEqual(analysis.score, SUSPECT_FROM)

    def test_a_join_link_on_the_service_is_quiet(self):
        for service, link in (
            ("Microsoft Teams", "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x"),
            ("Zoom", "https://us02web.zoom.us/j/8812345678"),
        ):
            with self.subTest(service=service):
                analysis = self.invitation(link, service)
                self.assertQuiet(analysis, "lien.reunion-ailleurs")
                self.assertFires(analysis, "legitime.invitation")
