from django.test import SimpleTestCase, TestCase

from hygie.content import library
from hygie.phishing import domains
from hygie.phishing.domains import address, bounded_levenshtein, brands, compile_brands, registrable


class RegistrableTestCase(SimpleTestCase):
    def test_the_registrable_domain_follows_the_public_suffix_list(self):
        self.assertEqual(registrable("mail.impots.gouv.fr"), "impots.gouv.fr")
        self.assertEqual(
            registrable("impots.gouv.fr.remboursement-secure.com"), "remboursement-secure.com"
        )
        self.assertEqual(registrable("secu.c-agricole.link"), "c-agricole.link")
        self.assertEqual(registrable("WWW.Ameli.FR."), "ameli.fr")
        self.assertEqual(registrable("faux-site.github.io"), "faux-site.github.io")
        self.assertEqual(registrable("203.0.113.7"), "203.0.113.7")

    def test_the_list_is_the_one_bundled_with_the_package(self):
        from publicsuffixlist import PSLFILE

        self.assertTrue(PSLFILE.endswith("public_suffix_list.dat"))
        self.assertIsNotNone(domains.psl().privatesuffix("a.ameli.fr"))


class AddressTestCase(SimpleTestCase):
    def test_a_link_is_split_as_a_browser_reads_it(self):
        target = address("https://ameli.fr@evil.example.com:8443/login?x=1")
        self.assertEqual(
            (target.userinfo, target.host, target.port, target.path),
            ("ameli.fr", "evil.example.com", "8443", "/login?x=1"),
        )

    def test_a_link_without_scheme_or_with_backslashes_is_read(self):
        self.assertEqual(address("cpam-contact.fr/carte").host, "cpam-contact.fr")
        self.assertEqual(address("http:\\\\evil.example.com\\x").host, "evil.example.com")

    def test_punycode_is_shown_in_unicode_and_kept_as_written(self):
        target = address("https://xn--amli-cpa.fr/")
        self.assertEqual((target.host, target.host_raw), ("améli.fr", "xn--amli-cpa.fr"))

    def test_garbage_never_fails(self):
        for text in ("http://[::1", "://", "mailto:x@y.fr", "", "http://exa mple.com"):
            address(text)


class LevenshteinTestCase(SimpleTestCase):
    def test_the_distance_is_bounded(self):
        self.assertEqual(bounded_levenshtein("chronopost", "chronopsot", 2), 2)
        self.assertEqual(bounded_levenshtein("ameli", "amelli", 2), 1)
        self.assertEqual(bounded_levenshtein("ameli", "doctolib", 2), 3)


class BrandsTestCase(TestCase):
    def test_the_brands_come_from_the_content_library(self):
        index = brands()
        self.assertEqual(index.owner("www.ameli.fr").id, "assurance-maladie")
        self.assertEqual(index.owner("info.ameli.fr").name, "Assurance Maladie")
        self.assertEqual(index.owner("ca-paris.fr").id, "credit-agricole")
        self.assertIsNone(index.owner("cpam-contact.fr"))

    def test_the_lookup_is_compiled_once_per_load_of_the_library(self):
        self.assertIs(brands(), brands())
        library.clear_cache()
        first = brands()
        library.clear_cache()
        self.assertIsNot(brands(), first)

    def test_brands_are_named_in_a_text_without_regard_to_case_or_accents(self):
        index = brands()
        named = [b.id for b in index.named("Votre CARTE VITALE et le credit agricole, Crit’Air")]
        self.assertEqual(named, ["assurance-maladie", "credit-agricole", "critair"])
        self.assertEqual(
            index.named("Amélie-les-Bains, les années et le bureau de l'amelioration"), []
        )

    def test_a_sentence_names_the_brand_with_its_article(self):
        index = brands()
        self.assertEqual(index.owner("ameli.fr").to, "à l'Assurance Maladie")
        self.assertEqual(index.owner("credit-agricole.fr").to, "au Crédit Agricole")
        self.assertEqual(index.owner("credit-agricole.fr").of, "du Crédit Agricole")
        self.assertEqual(index.owner("impots.gouv.fr").of, "de la DGFiP")

    def test_a_list_given_by_hand_compiles(self):
        index = compile_brands(
            [
                {
                    "id": "exemple",
                    "name": "Exemple",
                    "with_article": "Exemple",
                    "domains": ["exemple-officiel.fr"],
                    "words": ["Exemple Officiel"],
                    "source": [{"ref": "seed-003"}],
                }
            ]
        )
        self.assertEqual(index.owner("a.exemple-officiel.fr").id, "exemple")
        self.assertEqual(index.imitation("exemple-officiel.com").kind, "sosie")


class ImitationTestCase(TestCase):
    def imitation(self, host: str):
        target = address(f"https://{host}/")
        found = brands().imitation(target.host, target.host_raw)
        return (found.kind, found.official) if found else None

    def test_a_domain_that_looks_like_a_protected_one_imitates_it(self):
        self.assertEqual(self.imitation("doctoIib.fr"), ("sosie", "doctolib.fr"))
        self.assertEqual(self.imitation("chr0nopost.fr"), ("sosie", "chronopost.fr"))
        self.assertEqual(self.imitation("arneli.fr"), ("sosie", "ameli.fr"))
        self.assertEqual(self.imitation("amelli.fr"), ("sosie", "ameli.fr"))
        self.assertEqual(self.imitation("doctolib.info"), ("sosie", "doctolib.fr"))
        self.assertEqual(self.imitation("office360.com"), ("sosie", "office365.com"))
        self.assertEqual(self.imitation("xn--amli-cpa.fr"), ("sosie", "ameli.fr"))  # améli.fr
        self.assertEqual(self.imitation("xn--meli-43d.fr"), ("sosie", "ameli.fr"))  # Cyrillic a

    def test_an_official_domain_in_front_of_another_one_imitates_it(self):
        self.assertEqual(
            self.imitation("impots.gouv.fr.remboursement-secure.com"),
            ("sous-domaine", "impots.gouv.fr"),
        )
        self.assertEqual(self.imitation("www.ameli.fr-dossier.com"), ("sous-domaine", "ameli.fr"))

    def test_a_brand_word_inside_another_domain_imitates_it(self):
        self.assertEqual(self.imitation("cpam-contact.fr"), ("marque", "ameli.fr"))
        self.assertEqual(self.imitation("ameli-remboursement.com"), ("marque", "ameli.fr"))
        self.assertEqual(self.imitation("secu.c-agricole.link"), ("marque", "credit-agricole.fr"))
        self.assertEqual(self.imitation("chronopost-interruption.com"), ("marque", "chronopost.fr"))
        self.assertEqual(self.imitation("ants-amende.fr"), ("marque", "ants.gouv.fr"))
        self.assertEqual(self.imitation("suivi-colissimo24.com"), ("marque", "laposte.fr"))

    def test_official_and_legitimate_look_alike_domains_imitate_nothing(self):
        for host in (
            "ameli.fr",
            "info.ameli.fr",
            "assurance-maladie.ameli.fr",
            "dgfip.finances.gouv.fr",
            "amelie-les-bains.com",
            "www.amelie-les-bains-palalda.fr",
            "laposte.net",
            "pharmaciedelaposte-lyon.fr",
            "lycee-agricole.fr",
            "www.collectivites-locales.gouv.fr",
            "restaurants.example.com",
            "esante-paysdelaloire.fr",
            "s3.amazonaws.com",
            "sendibt3.com",
            "orangerie-versailles.fr",
            "medecins-du-monde.org",
            "ca-aquitaine.fr",
        ):
            with self.subTest(host=host):
                self.assertIsNone(self.imitation(host))


class SectorDomainsTestCase(TestCase):
    def test_a_name_under_an_ordres_sector_domain_belongs_to_it(self):
        index = brands()
        self.assertEqual(index.owner("cd44.medecin.fr").id, "ordre-medecins")
        self.assertEqual(index.owner("croa.pharmacien.fr").id, "ordre-pharmaciens")

    def test_a_services_other_sending_and_link_domains_belong_to_it(self):
        index = brands()
        for host, brand in (
            ("mail.hellosign.com", "dropbox"),  # Dropbox Sign
            ("signup.aws", "amazon"),
            ("amazon.it", "amazon"),
            ("apple.co", "apple"),
            ("aka.ms", "microsoft"),
            ("g.co", "google"),
            ("static.licdn.com", "linkedin"),
            ("assets.nflxext.com", "netflix"),
            ("www.cmb.fr", "credit-mutuel"),
            ("safety.google", "google"),
            ("www.monenfant.fr", "caf"),
        ):
            with self.subTest(host=host):
                self.assertEqual(index.owner(host).id, brand)
                self.assertIsNone(index.imitation(host))

    def test_a_brands_own_pages_on_a_shared_domain_belong_to_it_and_nothing_else_there(self):
        index = brands()
        self.assertEqual(index.owner("account.live.com").id, "microsoft")
        self.assertTrue(index.owner("login.live.com").owns("login.live.com"))
        self.assertIsNone(index.owner("live.com"))
        self.assertIsNone(index.owner("pages.live.com"))
        self.assertTrue(domains.is_webmail("live.com"))

    def test_a_click_tracker_of_a_marketing_service_is_known(self):
        for host in ("s1234567.t.en25.com", "fmc.lt.acemlna.com", "pages.ccsend.com"):
            with self.subTest(host=host):
                self.assertTrue(domains.is_tracker(host))
        self.assertFalse(domains.is_tracker("en25-suivi.com"))

    def test_a_discussion_list_imitates_no_brand(self):
        self.assertIsNone(brands().imitation("googlegroups.com"))
        self.assertTrue(domains.is_mailing_list("lists.googlegroups.com"))


class OverlappingNamesTestCase(TestCase):
    def test_a_longer_name_wins_over_the_shorter_one_it_starts_with(self):
        index = brands()
        ids = [
            m.brand.id
            for m in index.mentions(
                "Conseil départemental de l'Ordre des chirurgiens-dentistes de l'Ain"
            )
        ]
        self.assertEqual(ids, ["ordre-dentistes"])
        ids = [m.brand.id for m in index.mentions("Conseil départemental de l'Ordre")]
        self.assertEqual(ids, ["ordre-medecins"])
