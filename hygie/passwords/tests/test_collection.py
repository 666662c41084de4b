"""The cards' collection (fiches-mots-de-passe): it validates, every source
and every diagnostic measure it names exists, and a broken card is refused
like any item of the library, naming the file, the card and the field."""

from hygie.content.loader import load, read_library
from hygie.content.models import Collection
from hygie.content.tests.helpers import LibraryTestCase
from hygie.passwords import cards

FILE = "password_cards.yaml"
# What the cards must cover at least, in reading order.
SLUGS = [
    "gestionnaire",
    "keepassxc",
    "bitwarden",
    "navigateur",
    "double-authentification",
    "codes-par-defaut",
    "verrouiller-session",
    "phrase-de-passe",
    "renouveler",
    "wifi-cabinet",
]


def shipped() -> dict:
    return {f.path.name: f for f in read_library()}


class ShippedCardsTestCase(LibraryTestCase):
    def test_the_collection_validates_and_is_loaded_with_its_kind(self):
        self.assertEqual(shipped()[FILE].key, cards.COLLECTION)
        self.assertEqual(Collection.objects.get(key=cards.COLLECTION).kind, "password_card")

    def test_the_cards_are_those_of_the_library_in_order(self):
        self.assertEqual([c["slug"] for c in cards.all_cards()], SLUGS)
        self.assertEqual([i["id"] for i in shipped()[FILE].items], SLUGS)

    def test_every_card_cites_sources_of_the_bibliography(self):
        files = shipped()
        known = {s["id"] for s in files["sources.yaml"].items}
        for item in files[FILE].items:
            self.assertTrue(item["source"], item["id"])
            for citation in item["source"]:
                with self.subTest(card=item["id"], ref=citation["ref"]):
                    self.assertIn(citation["ref"], known)
                    # Which part of the document: a seed file is long.
                    self.assertTrue(citation.get("detail"))

    def test_every_card_cites_a_seed_document_or_an_official_text(self):
        files = shipped()
        kinds = {s["id"]: s["type"] for s in files["sources.yaml"].items}
        for item in files[FILE].items:
            with self.subTest(card=item["id"]):
                self.assertTrue(
                    {kinds[c["ref"]] for c in item["source"]}
                    & {"document-de-sensibilisation", "recommandation", "deliberation"}
                )

    def test_every_related_measure_exists_in_the_diagnostic(self):
        files = shipped()
        measures = {m["id"] for m in files["diagnostic_measures.yaml"].items}
        for item in files[FILE].items:
            self.assertTrue(item["measures"], item["id"])
            for key in item["measures"]:
                with self.subTest(card=item["id"], measure=key):
                    self.assertIn(key, measures)

    def test_the_password_measures_of_the_diagnostic_each_have_a_card(self):
        named = {key for c in cards.all_cards() for key in c["measures"]}
        for key in (
            "mdp-robustes",
            "mdp-gestionnaire",
            "codes-par-defaut",
            "double-authentification",
            "verrouillage-session",
            "wifi-securise",
        ):
            with self.subTest(key):
                self.assertIn(key, named)

    def test_the_install_cards_say_where_to_download_and_keep_patient_data_out(self):
        keepassxc, bitwarden = cards.card("keepassxc"), cards.card("bitwarden")
        self.assertIn("keepassxc.org", " ".join(keepassxc["steps"]))
        self.assertIn("bitwarden.com", " ".join(bitwarden["steps"]))
        self.assertIn("jamais de données de patients", " ".join(bitwarden["steps"]))
        for card in (keepassxc, bitwarden):
            with self.subTest(card["slug"]):
                self.assertTrue(card["steps_windows"])
                self.assertTrue(card["steps_macos"])
                self.assertIn("7 mots", " ".join(card["steps"]))

    def test_the_seed_examples_are_told(self):
        self.assertIn("juillet 2024", cards.card("navigateur")["why"])
        renewal = cards.card("renouveler")["why"]
        for password in ("Motdepasse12", "Motdepasse13", "14Motdepasse"):
            self.assertIn(password, renewal)
        session = cards.card("verrouiller-session")
        self.assertIn("Windows + L", " ".join(session["steps_windows"]))
        self.assertIn("Contrôle + Commande + Q", " ".join(session["steps_macos"]))

    def test_an_unknown_card_is_none(self):
        self.assertIsNone(cards.card("inconnue"))


class BrokenCardTestCase(LibraryTestCase):
    def setUp(self):
        super().setUp()
        self.copy_shipped_library()
        self.data = self.read(FILE)
        self.card = self.data["items"][1]  # keepassxc

    def assertRefused(self, field: str, *fragments: str):
        self.write(FILE, self.data)
        self.assertLoadRefused(FILE, "« keepassxc »", field, *fragments)

    def test_a_card_naming_an_unknown_measure_is_refused(self):
        self.card["measures"] = ["mdp-inconnu"]
        self.assertRefused(
            "measures.0", "la mesure « mdp-inconnu » n'existe pas dans la collection"
        )

    def test_a_card_citing_an_unknown_source_is_refused(self):
        self.card["source"][0]["ref"] = "blog-inconnu"
        self.assertRefused("source.0.ref", "la source « blog-inconnu » n'existe pas")

    def test_a_card_without_sources_is_refused(self):
        del self.card["source"]
        self.assertRefused("source", "le champ obligatoire « source » manque")

    def test_a_card_without_steps_is_refused(self):
        self.card["steps"] = ["Une seule étape à suivre."]
        self.assertRefused("steps", "au moins 2 éléments")

    def test_a_card_with_a_misspelt_field_is_refused(self):
        self.card["steps_linux"] = ["Une étape pour un autre système."]
        self.assertRefused("steps_linux", "champ inconnu")

    def test_a_changed_card_needs_a_new_version(self):
        load(self.dir)
        self.card["summary"] = "Un autre résumé de la fiche, assez long pour passer."
        self.assertRefused("version", "passez sa version à 2")
