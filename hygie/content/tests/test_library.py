from hygie.content import library
from hygie.content.loader import load
from hygie.content.models import Item
from hygie.content.tests.helpers import LibraryTestCase, collection, reflex


class LibraryReadTestCase(LibraryTestCase):
    def test_items_are_the_current_items_of_a_collection_in_file_order(self):
        numbers = [r["number"] for r in library.items("reflexes")]
        self.assertEqual(numbers, [1, 2, 3, 4, 5, 6])

    def test_items_leave_out_retired_items(self):
        self.write("essai.yaml", collection(items=[reflex("a"), reflex("b", 2)]))
        load(self.dir)
        self.write("essai.yaml", collection(items=[reflex("b", 2)]))
        load(self.dir)
        library.clear_cache()
        self.assertEqual([i["id"] for i in library.items("essai")], ["b"])

    def test_items_of_an_unknown_collection_are_empty(self):
        self.assertEqual(library.items("inconnue"), [])

    def test_get_finds_an_item_even_retired(self):
        self.assertTrue(library.get("sources", "rgpd")["publisher"].startswith("Union européenne"))
        Item.objects.filter(collection__key="sources", key="rgpd").update(retired=True)
        library.clear_cache()
        self.assertIsNotNone(library.get("sources", "rgpd"))

    def test_get_answers_none_for_an_unknown_item(self):
        self.assertIsNone(library.get("sources", "inconnue"))

    def test_reads_are_cached_until_the_cache_is_cleared(self):
        library.items("reflexes")
        with self.assertNumQueries(0):
            library.items("reflexes")
        library.clear_cache()
        with self.assertNumQueries(1):
            library.items("reflexes")

    def test_cite_resolves_each_reference_with_its_detail(self):
        [cited] = library.cite([{"ref": "rgpd", "detail": "art. 33(1)"}])
        self.assertEqual(cited["ref"], "rgpd")
        self.assertTrue(cited["title"].startswith("Règlement (UE) 2016/679"))
        self.assertEqual(cited["detail"], "art. 33(1)")
        self.assertTrue(cited["url"].startswith("https://eur-lex.europa.eu/"))
        self.assertTrue(cited["verified"])

    def test_cite_flags_an_unverified_source(self):
        cited = library.cite([{"ref": "cnil-referentiel-cabinets"}, {"ref": "seed-000"}])
        self.assertEqual([c["verified"] for c in cited], [False, True])
        self.assertEqual(cited[0]["detail"], "")
        # What to check in it, and where, said about the text itself.
        self.assertEqual(
            cited[0]["check"],
            "Les durées de conservation et les mesures citées : vérifiez-les dans le "
            "référentiel lui-même, sur cnil.fr.",
        )
        self.assertEqual(cited[1]["check"], "")

    def test_cite_flags_a_source_it_cannot_find(self):
        [cited] = library.cite([{"ref": "disparue"}])
        self.assertEqual(cited["title"], "disparue")
        self.assertFalse(cited["verified"])
