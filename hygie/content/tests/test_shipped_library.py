from collections import Counter

from django.test import TestCase

from hygie.content.loader import LIBRARY_DIR, SOURCES, kinds, read_library
from hygie.content.models import Collection, Item


class ShippedLibraryTestCase(TestCase):
    def test_every_shipped_file_validates(self):
        files = read_library()
        names = sorted(f.path.name for f in files)
        self.assertEqual(names, sorted(p.name for p in LIBRARY_DIR.glob("*.yaml")))
        self.assertTrue(all(f.items for f in files))

    def test_every_kind_has_a_collection_in_the_library(self):
        shipped = {f.header["kind"] for f in read_library()}
        self.assertEqual(shipped, set(kinds()))

    def test_every_cited_source_exists_in_the_bibliography(self):
        files = read_library()
        sources = {i["id"] for f in files if f.key == SOURCES for i in f.items}
        for f in files:
            for item in f.items:
                for citation in item.get("source", []):
                    with self.subTest(file=f.path.name, item=item["id"]):
                        self.assertIn(citation["ref"], sources)

    def test_every_item_but_the_sources_cites_a_source(self):
        for f in read_library():
            if f.key == SOURCES:
                continue
            for item in f.items:
                with self.subTest(file=f.path.name, item=item["id"]):
                    self.assertGreaterEqual(len(item["source"]), 1)

    def test_ids_are_unique_within_each_collection_and_collections_are_unique(self):
        files = read_library()
        self.assertEqual(len({f.key for f in files}), len(files))
        for f in files:
            duplicates = [k for k, n in Counter(i["id"] for i in f.items).items() if n > 1]
            self.assertEqual(duplicates, [], f.path.name)

    def test_the_test_database_holds_the_whole_shipped_library(self):
        for f in read_library():
            with self.subTest(collection=f.key):
                stored = Collection.objects.get(key=f.key)
                self.assertEqual(stored.version, f.header["version"])
                self.assertEqual(stored.file, f.path.name)
                keys = Item.objects.filter(collection=stored, retired=False)
                self.assertEqual(
                    list(keys.order_by("position").values_list("key", flat=True)),
                    [i["id"] for i in f.items],
                )

    def test_unverified_sources_say_why(self):
        sources = next(f for f in read_library() if f.key == SOURCES)
        unverified = [i for i in sources.items if i.get("verified") is False]
        self.assertTrue(unverified)
        for item in unverified:
            with self.subTest(source=item["id"]):
                self.assertTrue(item.get("note"))
