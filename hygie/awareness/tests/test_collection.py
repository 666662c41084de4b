"""The sheets' collection (fiches-sensibilisation): it validates, every source
it cites exists, and a broken sheet is refused like any item of the library,
naming the file, the sheet and the field."""

from hygie.awareness import sheets
from hygie.content.loader import load, read_library
from hygie.content.models import Collection
from hygie.content.tests.helpers import LibraryTestCase

FILE = "awareness_pages.yaml"


def statements(item):
    for part in ("why", "do", "dont"):
        yield from item[part]


class ShippedSheetsTestCase(LibraryTestCase):
    def test_the_collection_validates_and_is_loaded_with_its_kind(self):
        files = {f.path.name: f for f in read_library()}
        self.assertEqual(files[FILE].key, sheets.COLLECTION)
        self.assertEqual(Collection.objects.get(key=sheets.COLLECTION).kind, "awareness_page")

    def test_every_statement_and_resource_names_a_source_of_the_bibliography(self):
        files = {f.path.name: f for f in read_library()}
        known = {s["id"] for s in files["sources.yaml"].items}
        for item in files[FILE].items:
            refs = [c["ref"] for s in statements(item) for c in s["source"]]
            refs += [r["ref"] for r in item["resources"]]
            for ref in refs:
                with self.subTest(item=item["id"], ref=ref):
                    self.assertIn(ref, known)

    def test_the_resources_of_a_sheet_say_where_to_find_them(self):
        files = {f.path.name: f for f in read_library()}
        by_id = {s["id"]: s for s in files["sources.yaml"].items}
        for item in files[FILE].items:
            for resource in item["resources"]:
                source = by_id[resource["ref"]]
                with self.subTest(item=item["id"], ref=resource["ref"]):
                    # An address to follow, or, when there is none, where to look.
                    self.assertTrue(source.get("url") or source.get("check"))

    def test_numbers_follow_the_order_of_the_sheets(self):
        items = next(f for f in read_library() if f.path.name == FILE).items
        self.assertEqual([i["number"] for i in items], list(range(1, len(items) + 1)))


class BrokenSheetTestCase(LibraryTestCase):
    def setUp(self):
        super().setUp()
        self.copy_shipped_library()
        self.data = self.read(FILE)
        self.sheet = self.data["items"][2]  # mssante

    def assertRefused(self, item: str, field: str, *fragments: str):
        self.write(FILE, self.data)
        self.assertLoadRefused(FILE, item, field, *fragments)

    def test_a_statement_without_a_source_is_refused(self):
        del self.sheet["do"][1]["source"]
        self.assertRefused("« mssante »", "do.1.source", "le champ obligatoire « source » manque")

    def test_a_statement_citing_an_unknown_source_is_refused(self):
        self.sheet["why"][0]["source"] = [{"ref": "blog-inconnu"}]
        self.assertRefused(
            "« mssante »", "why.0.source.0.ref", "la source « blog-inconnu » n'existe pas"
        )

    def test_a_resource_that_is_not_a_source_is_refused(self):
        self.sheet["resources"][0]["ref"] = "site-inconnu"
        self.assertRefused(
            "« mssante »", "resources.0.ref", "la source « site-inconnu » n'existe pas"
        )

    def test_a_sheet_without_anything_to_avoid_is_refused(self):
        self.sheet["dont"] = []
        self.assertRefused("« mssante »", "dont", "au moins 1 élément")

    def test_a_sheet_showing_an_unknown_collection_is_refused(self):
        self.sheet["shows"] = "quiz-questions"
        self.assertRefused("« mssante »", "shows", "valeur « quiz-questions » non reconnue")

    def test_a_changed_sheet_needs_a_new_version(self):
        load(self.dir)
        self.sheet["summary"] = "Un autre résumé de la fiche sur MSSanté, assez long."
        self.assertRefused("« mssante »", "version", "passez sa version à 2")

    def test_a_sheet_loads_once_its_version_is_raised(self):
        load(self.dir)
        self.sheet["summary"] = "Un autre résumé de la fiche sur MSSanté, assez long."
        self.sheet["version"] = 2
        self.write(FILE, self.data)
        load(self.dir)
        self.assertEqual(sheets.page("mssante")["summary"], self.sheet["summary"])
