"""The French content rules: each rule on its own examples and near misses,
and whole messages, lures and real notifications, scored by the content alone."""

import re
import unicodedata

from django.test import SimpleTestCase, TestCase

from hygie.content import library
from hygie.phishing import wording
from hygie.phishing.analysis import EMAIL, SMS, SUSPECT_FROM, Link, Message, analyse
from hygie.phishing.reading import read_sms


def content_score(text: str, channel: str = SMS, subject: str = "") -> float:
    message = read_sms(text) if channel == SMS else Message(EMAIL, text=text, subject=subject)
    return sum(s.weight for s in wording.check(message))


class FoldingTestCase(SimpleTestCase):
    def test_accents_case_apostrophes_and_hyphens_are_folded(self):
        self.assertEqual(
            wording.fold("Votre CARTE Vitale n’a pas été mise-à-jour").text,
            "votre carte vitale n a pas ete mise a jour",
        )

    def test_spaces_and_zero_width_characters_are_folded(self):
        self.assertEqual(wording.fold("cli\u200bquez\u00a0\n\n  ici").text, "cliquez ici")

    def test_cyrillic_look_alikes_read_as_latin_letters(self):
        self.assertEqual(wording.fold("соmрte").text, "compte")

    def test_ligatures_are_spelt_out_and_map_back_to_the_original(self):
        folded = wording.fold("Mon cœur   bat : Œuvre")
        self.assertEqual(folded.text, "mon coeur bat : oeuvre")
        start = folded.text.index("coeur bat")
        self.assertEqual(folded.span(start, start + len("coeur bat")), "cœur   bat")
        start = folded.text.index("oeuvre")
        self.assertEqual(folded.span(start, start + 6), "Œuvre")

    def test_links_are_blanked_out_with_the_same_length(self):
        text = "Payez ici https://ameli-remboursement.fr/carte-vitale ou sur cpam-contact.fr."
        masked = wording.mask_links(text)
        self.assertEqual(len(masked), len(text))
        self.assertNotIn("carte", masked)
        self.assertNotIn("cpam", masked)


class LibraryRulesTestCase(TestCase):
    def setUp(self):
        library.clear_cache()
        self.items = library.items(wording.COLLECTION)
        self.compiled = wording.rules()

    def test_every_rule_of_the_library_compiles(self):
        patterned = [item for item in self.items if item["family"] != wording.COMBINATION]
        self.assertEqual(len(self.compiled.rules), len(patterned))
        self.assertTrue(self.compiled.bonus)

    def test_patterns_are_written_in_folded_form(self):
        for item in self.items:
            for pattern in item.get("patterns", []) + item.get("unless", []):
                with self.subTest(rule=item["id"], pattern=pattern):
                    # Escapes aside (\b, \w, \d), no capital letter, accent or apostrophe.
                    bare = re.sub(r"\\[A-Za-z]", "", pattern)
                    self.assertEqual(bare, bare.lower())
                    self.assertNotIn("'", bare)
                    self.assertFalse(any(unicodedata.combining(c) for c in bare))
                    folded = unicodedata.normalize("NFKD", bare)
                    self.assertEqual(
                        folded.encode("ascii", "ignore").decode(),
                        folded.replace("€", "").replace("°", ""),
                    )

    def test_each_rule_spots_its_examples(self):
        for item in self.items:
            for example in item.get("examples", []):
                with self.subTest(rule=item["id"], example=example):
                    channel = EMAIL if item.get("channels") == ["email"] else SMS
                    found = wording.hits(Message(channel, text=example), self.compiled)
                    self.assertIn(item["id"], [hit.rule.id for hit in found])

    def test_each_rule_leaves_its_near_misses_alone(self):
        for item in self.items:
            for near_miss in item.get("near_misses", []):
                with self.subTest(rule=item["id"], near_miss=near_miss):
                    for channel in (SMS, EMAIL):
                        found = wording.hits(Message(channel, text=near_miss), self.compiled)
                        self.assertNotIn(item["id"], [hit.rule.id for hit in found])

    def test_rules_are_compiled_once_per_load_of_the_library(self):
        self.assertIs(wording.rules(), self.compiled)
        library.clear_cache()
        self.assertIsNot(wording.rules(), self.compiled)

    def test_a_rule_whose_pattern_does_not_compile_is_left_out(self):
        broken = dict(self.items[1], patterns=["(unclosed"])
        compiled = wording.compile_rules([broken, self.items[2]])
        self.assertEqual([r.id for r in compiled.rules], [self.items[2]["id"]])

    def test_a_mailbox_rule_for_e_mails_does_not_read_sms(self):
        text = "Votre boîte est pleine : 98 % de l'espace utilisé."
        self.assertTrue(wording.hits(Message(EMAIL, text=text), self.compiled))
        self.assertFalse(
            [
                h
                for h in wording.hits(Message(SMS, text=text), self.compiled)
                if h.rule.family == "mssante"
            ]
        )


LURES_SMS = [
    "Chronopost: Votre colis n'a pas pu etre livre, des frais de reexpedition de 1,50€ sont requis: https://chrono-livraison.com/x",
    "ANTAI: Vous avez une amende impayée de 35€. Réglez avant le 15/05 pour éviter une majoration à 75€: https://antai-amendes.info",
    "Assurance Maladie: Votre nouvelle carte Vitale est disponible, veuillez compléter votre demande sur: https://cpam-contact.fr",
    "Crit'Air: votre vignette n'est plus valide, commandez-la avant le 30/06 sous peine d'amende de 135€: https://critair-gouv.com",
    "CPF: Il vous reste 1200€ de droits à utiliser avant expiration, rdv sur https://moncpf-droits.fr",
    "Coucou maman, j'ai cassé mon téléphone, c'est mon nouveau numéro, envoie-moi un message sur WhatsApp",
    "slt pap c moi jai changer de num, tu peu m envoyer 50 stp",
    "Votre compte sera suspendu dans 24h, veuillez confirmer vos informations: https://secure-verif.com",
    "Ameli: Vous avez un remboursement en attente de 98,50€, merci de confirmer vos coordonnees bancaires: https://ameli-rembours.com",
    "Mon espace santé: votre profil sera supprimé, confirmez votre identité: https://mes-sante.fr",
    "Votre carte bancaire a été bloquée suite à une opération suspecte. Appelez le 01 84 80 12 34.",
    "Sanef: vous avez un péage impayé, régularisez sous 72h: https://sanef-paiement.com",
    "Vos 4500 points SFR expirent aujourd'hui, convertissez-les ici: https://sfr-points.com",
    "Le paiement de votre facture EDF a échoué. Mettez à jour votre moyen de paiement : https://edf-paiement.com",
    "Doctolib: votre compte sera suspendu, vérifiez vos informations: https://doctolib-secure.com",
    "Bonjour, je t'ai envoyé un code par erreur sur ton numéro, tu peux me le renvoyer stp ?",
    "Votre colis est bloqué en douane. Frais de dedouanement: 2,99 EUR https://dhl-douane.com",
]

REAL_SMS = [
    "Doctolib : RDV confirmé le 12/03 à 10h00 avec Dr Martin. Pour annuler ou déplacer : https://www.doctolib.fr/appointments",
    "Assurance Maladie : un nouveau message vous attend dans votre compte ameli. Consultez-le sur ameli.fr ou l'appli ameli.",
    "Votre code de validation est 482913. Ne le communiquez jamais, même à un conseiller bancaire.",
    "Colissimo : votre colis 6A1234 sera livré demain. Suivez-le sur https://www.laposte.fr/outils/suivre-vos-envois",
    "Votre colis n'a pas pu être livré. Il vous attend au bureau de poste de Lyon 3 dès demain 14h. https://www.laposte.fr/x",
    "Pharmacie du Centre : votre commande est prête, vous pouvez passer la récupérer.",
    "Laboratoire : vos résultats sont disponibles sur votre espace patient. https://resultats.example.fr",
    "Votre avis d'impôt 2024 est disponible dans votre espace particulier sur impots.gouv.fr",
    "Votre remboursement de 23,50 € a été effectué le 12/03. Détail sur votre espace adhérent.",
    "Dernier rappel : votre rendez-vous de demain 9h avec le Dr Roux. Pour annuler, cliquez sur le lien : https://www.doctolib.fr/x",
    "Bonjour maman, je rentre tard ce soir, ne m'attends pas pour dîner.",
    "BNP Paribas : un paiement de 450 € a été refusé. Si vous n'êtes pas à l'origine, contactez votre conseiller.",
    "Votre prélèvement de 35 € du 05/03 a été rejeté. Merci de régulariser votre situation auprès de votre conseiller.",
    "Votre carte CPS arrive à échéance le 15/05 ; la nouvelle carte vous sera adressée automatiquement.",
    "Bonjour, le cabinet change de numéro : désormais appelez le 01 23 45 67 89.",
]


class MessagesTestCase(TestCase):
    def test_sms_lures_are_suspect_on_their_wording_alone(self):
        for text in LURES_SMS:
            with self.subTest(text=text):
                self.assertGreaterEqual(content_score(text), SUSPECT_FROM)

    def test_real_sms_notifications_stay_below_suspect(self):
        for text in REAL_SMS:
            with self.subTest(text=text):
                self.assertLess(content_score(text), SUSPECT_FROM)

    def test_sms_lures_without_a_link_are_suspect_on_their_wording_alone(self):
        for text in (
            "Service anti-fraude : un virement de 1 450 EUR est en cours. Pour l'annuler, "
            "un conseiller va vous appeler, gardez votre téléphone près de vous.",
            "Caisse d'allocations : votre dossier de prestations est incomplet. Merci de "
            "rappeler votre gestionnaire au 09 72 10 20 30 avant lundi.",
            "Salut c'est moi, nouveau num ! Je dois payer 450€ ce soir, je te rembourse demain promis",
            "Bonjour, votre annonce m'intéresse. Je suis à l'étranger, mon coursier passera le chercher.",
            "Opportunité : investissez 200 € et recevez jusqu'à 1 800 € par semaine, places limitées.",
            "Travail simple depuis votre téléphone, 90€ par jour, sans expérience. Écrivez-nous sur WhatsApp.",
        ):
            with self.subTest(text=text):
                self.assertGreaterEqual(content_score(text), SUSPECT_FROM)

    def test_real_sms_close_to_those_lures_stay_below_suspect(self):
        for text in (
            "SFR : votre facture de 29,99 € n'a pas pu être prélevée. Pour éviter une coupure, "
            "réglez-la depuis votre application SFR & Moi ou en boutique.",
            "Votre conseiller vous rappellera demain comme convenu.",
            "Le taux du Livret A reste à 2,4 % au 1er août.",
            "Bonjour, votre annonce m'intéresse, est-elle toujours disponible ?",
            "Mon Compte Formation : votre code de vérification est 552 019. Ne le transmettez à personne.",
            "Rappel : vaccination contre la grippe au cabinet le 15/10, sans rendez-vous.",
        ):
            with self.subTest(text=text):
                self.assertLess(content_score(text), SUSPECT_FROM)

    def test_sms_lures_of_further_families_are_suspect_on_their_wording_alone(self):
        for text in (
            # Bank data or identity papers asked by reply.
            "Mutuelle : votre remboursement est bloquer, repondez a ce message avec votre IBAN.",
            "CPAM : votre compte est bloqué. Envoyez-nous une photo de votre carte Vitale par SMS.",
            # A money pretext, then a number to call or a word to reply.
            "3 200 € d'aide vous attendent, votre dossier est accepté. Appelez le 09 99 00 11 22.",
            "Ton numéro a gagné 500 € au tirage mensuel ! Réponds GAIN pour les recevoir.",
            # A renewal to « cancel » by telephone.
            "Prélèvement de 489 € programmé pour votre abonnement antivirus. Pour l'annuler, appelez le 01 99 00 45 67.",
            # Money « sent by mistake », a family member with a new number.
            "Bonsoir, je vous ai viré 300€ par erreur, vous pouvez me les renvoyer svp ?",
            "Mamie c'est Léo, t'as un moment ? Tu peux me faire un virement de 300€, je te rembourse vite.",
            # A debt before seizure, a parcel returned, a callback to keep a service.
            "Dernier avis avant saisie : votre dette de 980 € doit être réglée. Contact : 01 99 00 20 30.",
            "Votre colis est en cours de retour à l'expéditeur, contactez le service livraison au 09 99 00 40 50.",
        ):
            with self.subTest(text=text):
                self.assertGreaterEqual(content_score(text), SUSPECT_FROM)

    def test_real_sms_close_to_the_further_families_stay_below_suspect(self):
        for text in (
            "Bouygues Telecom : votre facture a été rejetée. Réglez-la dans votre Espace Client "
            "pour éviter toute suspension.",
            "Vinted : tu as reçu 12,50 €. Le montant est dans ton porte-monnaie Vinted.",
            "Répondez OUI pour confirmer votre rendez-vous du 14/05 avec le Dr Petit.",
            "Pour annuler votre rendez-vous, appelez le secrétariat au 01 99 00 33 44.",
            "Cabinet dentaire : RDV le 02/06 à 9h. Pour annuler, répondez ANNULER ou appelez le 01 99 00 33 44.",
            "Votre colis a été retourné à l'expéditeur à votre demande, le remboursement suivra.",
            "Mamie c'est Léo, on arrive dimanche vers midi !",
        ):
            with self.subTest(text=text):
                self.assertLess(content_score(text), SUSPECT_FROM)

    def test_sms_callback_code_and_reply_lures_are_suspect_on_their_wording_alone(self):
        for text in (
            # A code announced, then asked back.
            "Oups, un code de 6 chiffres va t'arriver, tu peux me le renvoyer ? C'est pour mon compte.",
            "Vous allez recevoir un code. Merci de nous le transmettre pour stopper l'opération.",
            # An unexpected purchase or renewal, then a number to cancel it.
            "Un achat de 740 € a été validé sur votre compte. Si ce n'était pas vous, appelez le 01 99 00 52 61.",
            # A callback with a threat, an account seen from abroad.
            "Dossier incomplet : rappelez le 09 99 00 61 72 avant jeudi pour éviter sa clôture.",
            "Votre espace a été consulté depuis l'étranger. Si c'est pas vous, contactez le 09 99 00 14 25.",
            # Identifiers asked by reply, a car « flashed ».
            "Votre accès sera bloqué ce soir, répondez avec votre identifiant et votre date de naissance.",
            "Votre véhicule a été flashé. Répondez à ce SMS avec votre numéro de permis pour régler l'amende.",
        ):
            with self.subTest(text=text):
                self.assertGreaterEqual(content_score(text), SUSPECT_FROM)

    def test_real_sms_close_to_callback_code_and_reply_lures_stay_below_suspect(self):
        for text in (
            "Votre code de vérification arrive par SMS. Ne le communiquez jamais, même à un conseiller.",
            "Votre commande a été validée, elle sera livrée jeudi.",
            "Nouvelle connexion depuis l'étranger. Si ce n'est pas vous, changez votre mot de passe dans l'application.",
            "Répondez OUI pour confirmer votre rendez-vous de jeudi.",
            "Pour éviter la clôture de votre dossier, déposez le justificatif dans votre espace en ligne.",
            "Job étudiant à la pharmacie le samedi, envoyez votre CV au comptoir.",
        ):
            with self.subTest(text=text):
                self.assertLess(content_score(text), SUSPECT_FROM)

    def test_a_relative_s_news_without_a_request_stays_below_suspect(self):
        # « slt pap c moi jai changer de num enregistre le stp » asks for nothing yet.
        for text in (
            "slt pap c moi jai changer de num enregistre le stp",
            # A new number with family news, nothing asked.
            "Coucou mamie c'est Léa ! Nouveau numéro, j'ai changé d'opérateur et l'ancien est "
            "coupé lundi. Enregistre-le, à dimanche pour ton anniversaire !",
            "Salut tonton, j'ai changé de numéro, garde celui-ci. Bises à tata",
            # Thanks for money received, and a promise to pay it back.
            "Papa merci pour les 200 €, c'est bien arrivé ! je te rembourse dès que ma paie tombe promis",
            "Mamie j'ai bien eu ton virement, merci !! Je te rends tout en fin de mois promis",
        ):
            with self.subTest(text=text[:30]):
                self.assertLess(content_score(text), SUSPECT_FROM)

    def test_a_new_number_asking_for_something_is_suspect(self):
        for text in (
            "Coucou maman c'est moi, nouveau numéro, l'autre est cassé. Tu peux m'écrire sur WhatsApp ?",
            "Salut papa, j'ai changé de num. Tu peux me faire un virement de 400 € ? je te rends samedi",
            "Hello c'est Zoé, j'ai changé de tel ! Tu vas recevoir un code, tu peux me le transférer ?",
        ):
            with self.subTest(text=text[:30]):
                self.assertGreaterEqual(content_score(text), SUSPECT_FROM)

    def test_the_news_rules_count_in_an_e_mail_as_before(self):
        text = "Bonjour, j'ai changé de numéro de portable, voici le nouveau."
        self.assertGreater(content_score(text, channel=EMAIL), 0)
        self.assertEqual(content_score(text), 0)

    def test_sms_lures_of_institutions_suppliers_and_strangers_are_suspect(self):
        for text in (
            # Rights to renew, a contract no longer covering, through a link or a call.
            "MSA : vos droits à la prise en charge expirent bientôt. Renouvelez-les sur "
            "https://msa-droits-maj.online",
            "Bonjour, ici votre mutuelle. Vous n'êtes plus couvert depuis le 1er du mois, "
            "rappelez notre service adhérents au 04 12 34 56 78.",
            # Professional credentials asked through a link.
            "Commande en attente : identifiez-vous avec vos codes d'accès pro sur "
            "https://commande-repartition.site",
            # Identity data asked by reply.
            "Cabinet des Tilleuls : suite à un bug, merci de renvoyer par SMS votre date de "
            "naissance et votre numéro de sécu.",
            # A cheque, then the overpayment to send back.
            "Je loue votre studio. Je suis en mission à l'étranger, ma société vous adresse un "
            "chèque de 2400€, vous me renverrez la différence svp",
            # Monthly returns in a private group.
            "Je vous ajoute à notre club privé d'investissement entre médecins, nos membres "
            "touchent 6% par mois.",
            # A supplier changing bank.
            "Service compta SOFAMED : nous avons changé de banque, merci de ne plus utiliser "
            "l'ancien IBAN, le nouveau suit par mail.",
            "Medistock comptabilité : notre RIB a changé, merci de ne plus régler sur l'ancien "
            "compte. Le nouveau vous sera transmis.",
            # A wholesaler's sign-in page on an ordinary domain.
            "OCP Répartition : maintenance de l'espace commandes. Reconnectez-vous avec vos "
            "identifiants pharmacie : ocp-espace.net",
            # A pension fund, an insurer asking to settle by telephone, a technical pretext.
            "Carsat : votre dossier retraite doit être actualisé pour maintenir vos versements. "
            "Rendez-vous sur carsat-dossier.online",
            "Ici le service client de votre assureur auto. Votre véhicule n'est plus assuré "
            "depuis hier, régularisez au 09 77 11 22 33.",
            "Alliance Healthcare : suite à une mise à jour, merci de vous identifier avec vos "
            "codes adhérent sur alliance-pro-commandes.com",
            # A cheque to come, its surplus to wire back.
            "Suite à votre annonce pour l'appartement, je vous envoie un chèque de 1800 €, vous "
            "me rembourserez le surplus par virement.",
        ):
            with self.subTest(text=text[:30]):
                score = analyse(read_sms(text, sender="06 12 34 56 78")).score
                self.assertGreaterEqual(score, SUSPECT_FROM)

    def test_real_sms_close_to_those_families_stay_below_suspect(self):
        for text in (
            "CPAM : votre complémentaire santé solidaire arrive à échéance. Faites la demande "
            "de renouvellement sur votre compte ameli.",
            "Votre contrat a été résilié à votre demande au 31/12, merci de votre confiance.",
            "Bonsoir, je vous ai réglé la séance par chèque, à jeudi !",
            "Bonjour docteur, ma fille a 40 de fièvre, pouvez-vous la voir ? Née le 12/03/2019.",
            "Le cabinet change de numéro, merci de ne plus utiliser l'ancien numéro.",
        ):
            with self.subTest(text=text[:30]):
                self.assertLess(content_score(text), SUSPECT_FROM)

    def test_a_rule_may_ask_for_a_link_where_the_text_had_one(self):
        text = "Réclamez votre aide : https://aide-exemple.com/x"
        self.assertIn(wording.LINK_MARK, wording.fold(text, wording.mask_links(text)).text)

    def test_a_phishing_e_mail_uniting_the_four_roles_of_an_e_mail_earns_two_points(self):
        text = (
            "Cher praticien, une activité inhabituelle a été détectée sur votre compte Ameli Pro. "
            "Votre compte sera suspendu sous 48 heures. Veuillez vérifier votre compte et "
            "saisir vos identifiants via le lien ci-dessous."
        )
        signals = wording.check(Message(EMAIL, text=text, subject="Action requise"))
        combination = next(s for s in signals if s.rule == "contenu.combinaison")
        self.assertEqual(combination.weight, 2)
        self.assertIn("une pression", combination.explanation)

    def test_a_real_invoice_reminder_by_e_mail_stays_below_suspect(self):
        text = (
            "Bonjour, sauf erreur de notre part, notre facture n° 2024-118 reste impayée. "
            "Merci de régulariser votre situation. Cordialement, le service comptable."
        )
        self.assertLess(content_score(text, EMAIL, subject="Relance facture"), SUSPECT_FROM)

    def test_one_signal_per_family_with_the_strongest_rule(self):
        signals = wording.check(read_sms("URGENT : répondez sous 24h, dernier rappel !"))
        self.assertEqual([s.rule for s in signals], ["contenu.urgence-delai"])

    def test_evidence_is_the_exact_excerpt_of_the_original_text(self):
        text = "Votre  Carte\u00a0Vitale  EXPIRE bientôt, renouvelez-la"
        signal = next(s for s in wording.check(read_sms(text)) if s.rule == "contenu.carte-vitale")
        for evidence in signal.evidence:
            self.assertIn(evidence.text, text)
        self.assertEqual(signal.evidence[0].where, "texte")
        self.assertEqual(signal.source, "seed-003")

    def test_the_subject_is_read_and_named_as_such(self):
        message = Message(EMAIL, subject="Dernier avertissement avant suspension", text="Bonjour.")
        signal = wording.check(message)[0]
        self.assertEqual(signal.evidence[0].where, "objet")

    def test_words_of_a_link_are_left_to_the_link_checks(self):
        message = read_sms("https://carte-vitale-expire.example/renouvelez")
        self.assertEqual(wording.check(message), [])

    def test_a_link_counts_as_a_role_in_an_sms_only(self):
        text = "Votre colis est en attente. Confirmez votre adresse"
        link = [Link(url="https://colis.example/x")]
        sms = wording.check(Message(SMS, text=text, links=link))
        email = wording.check(Message(EMAIL, text=text, links=link))
        self.assertIn("contenu.combinaison", [s.rule for s in sms])
        self.assertNotIn("contenu.combinaison", [s.rule for s in email])

    def test_a_bare_link_is_left_to_the_link_checks(self):
        self.assertEqual(wording.check(Message("lien", text="remboursement urgent")), [])

    def test_the_analysis_runs_the_content_rules(self):
        analysis = analyse(read_sms(LURES_SMS[0]))
        self.assertIn("contenu.petits-frais", [s.rule for s in analysis.signals])


class ImpostorAndCallbackFamiliesTestCase(TestCase):
    def test_boss_impostor_e_mails_are_suspect_on_their_wording_alone(self):
        for text in (
            "Es-tu disponible ce matin ? J'ai une mission confidentielle pour toi. "
            "Réponds uniquement à cette adresse.",
            "Vous êtes au bureau ? J'aurais besoin de votre aide pour un petit service. "
            "Envoyé de mon iPhone",
            "Merci de verser 3 900 € sur le compte FR76 1820 6000 4412 3456 7890 154 "
            "avant midi, c'est urgent.",
        ):
            self.assertGreaterEqual(content_score(text, EMAIL), SUSPECT_FROM, text)

    def test_colleagues_asking_for_availability_without_money_stay_below_suspect(self):
        for text in (
            "Tu es au cabinet lundi ? Je dépose les clés du local. Envoyé de mon iPhone",
            "Merci de ne pas répondre à cette adresse, elle n'est pas consultée.",
            "Ci-joint notre facture 118 et notre RIB, IBAN FR76 1820 6000 4412 3456 7890 154.",
        ):
            self.assertLess(content_score(text, EMAIL), SUSPECT_FROM, text)

    def test_changed_bank_details_for_next_payments_are_suspect(self):
        for text in (
            "Pour information, notre banque a changé après une fusion : vos futurs "
            "virements iront sur le compte ci-dessous.",
            "Nos références bancaires ont été mises à jour, merci de régler désormais "
            "sur le nouveau RIB joint.",
        ):
            self.assertGreaterEqual(content_score(text, EMAIL), SUSPECT_FROM, text)

    def test_spaced_digits_and_unusual_debits_with_a_callback_are_suspect(self):
        for text in (
            "Renouvellement de votre licence : 3 4 9 , 9 9 €. Contestez ce prélèvement "
            "en appelant le 0 9 7 5 1 2 4 4 8 0.",
            "Caisse d'Epargne : débit suspicieux de 720 € en attente de validation. "
            "Contactez le service au 01 76 40 22 18",
        ):
            self.assertGreaterEqual(content_score(text), SUSPECT_FROM, text)

    def test_real_debit_notices_stay_below_suspect(self):
        for text in (
            "Votre prélèvement de 54,90 € a été effectué le 03/02.",
            "Votre abonnement est renouvelé automatiquement chaque année. "
            "Pour toute question, contactez le 01 76 40 22 18.",
        ):
            self.assertLess(content_score(text), SUSPECT_FROM, text)


class SmsStrangerOpenersTestCase(TestCase):
    def test_a_stranger_checking_who_you_are_with_a_pretext_is_suspect(self):
        for text in (
            "Bonsoir, vous êtes bien Madame Giraud ? On s'est croisées au salon de Dijon.",
            "Désolé, je me suis trompé de numéro, mais vous avez l'air sympa !",
            "Salut, c'est bien Hugo ? Je voulais confirmer notre dîner de samedi",
        ):
            self.assertGreaterEqual(content_score(text), SUSPECT_FROM, text)

    def test_patients_checking_the_number_stay_below_suspect(self):
        for text in (
            "Bonjour, c'est bien le cabinet du Dr Roy ? Je voudrais un rendez-vous.",
            "Bonjour, vous êtes bien le Dr Roy ? Mon fils a de la fièvre depuis hier.",
            "Coucou, on s'est croisées à la crèche, un goûter samedi ?",
        ):
            self.assertLess(content_score(text), SUSPECT_FROM, text)


class SmsNewNumberTestCase(TestCase):
    def test_a_new_number_asking_a_favour_is_suspect(self):
        for text in (
            "Hello c'est moi, nouveau num, efface l'autre. T'as 2 min ? J'ai un truc à te demander",
            "Coucou c'est Inès sur mon nouveau portable, tu peux m'aider ?",
        ):
            self.assertGreaterEqual(content_score(text), SUSPECT_FROM, text)

    def test_a_new_number_alone_or_a_colleague_asking_a_call_stays_below_suspect(self):
        for text in (
            "Salut, c'est mon nouveau numéro, l'ancien ne marche plus. Enregistre celui-là !",
            "Tu peux m'appeler quand tu as 5 min ? Rien d'urgent.",
            "Coucou c'est Tom, nouveau numéro pour le boulot, garde aussi l'ancien.",
        ):
            self.assertLess(content_score(text), SUSPECT_FROM, text)


class SmsRequestsTestCase(TestCase):
    def test_overpayment_refunds_gift_cards_and_remote_access_are_suspect(self):
        for text in (
            "Je vous ai réglé 380 € au lieu de 38 €, merci de me rembourser la différence "
            "sur mon autre compte.",
            "Je peux vous payer en cartes cadeaux, c'est plus simple.",
            "Installez AnyDesk et envoyez-moi l'identifiant affiché.",
            "Répondez à ce SMS avec les 4 derniers chiffres de votre carte.",
        ):
            self.assertGreaterEqual(content_score(text), SUSPECT_FROM, text)

    def test_ordinary_payments_and_replies_stay_below_suspect(self):
        for text in (
            "Je vous ai viré 60 € au lieu de 50 €, gardez la différence pour la prochaine fois.",
            "Répondez OUI par retour de SMS pour confirmer votre rendez-vous.",
            "Comme convenu, je prendrai la main à distance à 14h pour la mise à jour.",
            "Mairie : les véhicules gênants seront mis en fourrière jeudi, jour de marché.",
        ):
            self.assertLess(content_score(text), SUSPECT_FROM, text)
