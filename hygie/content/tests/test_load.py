from hygie.content.loader import ContentLoadError, load
from hygie.content.models import Collection, Item
from hygie.content.tests.helpers import LibraryTestCase, collection, reflex
from hygie.journal.models import Entry


class LoadTestCase(LibraryTestCase):
    def test_loading_the_shipped_library_twice_changes_nothing(self):
        before = self.snapshot()
        report = load()
        self.assertFalse(report.changed)
        self.assertTrue(all(o.unchanged and not o.changed for o in report.outcomes))
        self.assertEqual(self.snapshot(), before)

    def test_a_first_load_creates_the_collection_and_journals_it(self):
        self.write("essai.yaml", collection(items=[reflex("a"), reflex("b", 2)]))
        report = load(self.dir)
        self.assertTrue(report.changed)
        [outcome] = report.outcomes
        self.assertEqual((outcome.key, outcome.created), ("essai", 2))
        stored = Collection.objects.get(key="essai")
        self.assertEqual((stored.kind, stored.version, stored.file), ("reflex", 1, "essai.yaml"))
        self.assertEqual(list(stored.items.values_list("key", "position")), [("a", 0), ("b", 1)])
        entry = Entry.objects.filter(action="content.loaded").latest("seq")
        self.assertEqual(entry.details["essai"]["créés"], 2)
        self.assertEqual(entry.actor_label, "hygie contenu charger")

    def test_a_second_load_of_the_same_files_changes_nothing_and_journals_nothing(self):
        self.write("essai.yaml", collection())
        load(self.dir)
        before = self.snapshot()
        report = load(self.dir)
        self.assertFalse(report.changed)
        self.assertEqual(report.outcomes[0].unchanged, 1)
        self.assertEqual(self.snapshot(), before)

    def test_an_item_removed_from_its_file_is_retired_not_deleted(self):
        self.write("essai.yaml", collection(items=[reflex("a"), reflex("b", 2)]))
        load(self.dir)
        entries = Entry.objects.filter(action="content.loaded").count()
        self.write("essai.yaml", collection(items=[reflex("a")]))
        report = load(self.dir)
        self.assertEqual(report.outcomes[0].retired, 1)
        b = Item.objects.get(collection__key="essai", key="b")
        self.assertTrue(b.retired)
        self.assertEqual(Entry.objects.filter(action="content.loaded").count(), entries + 1)
        latest = Entry.objects.filter(action="content.loaded").latest("pk")
        self.assertEqual(latest.details["essai"]["retirés"], 1)

    def test_a_retired_item_comes_back_when_it_is_added_again(self):
        self.write("essai.yaml", collection(items=[reflex("a"), reflex("b", 2)]))
        load(self.dir)
        self.write("essai.yaml", collection(items=[reflex("a")]))
        load(self.dir)
        self.write("essai.yaml", collection(items=[reflex("a"), reflex("b", 2)]))
        report = load(self.dir)
        self.assertEqual(report.outcomes[0].updated, 1)
        self.assertFalse(Item.objects.get(collection__key="essai", key="b").retired)
        self.assertEqual(Item.objects.filter(collection__key="essai").count(), 2)

    def test_a_change_with_a_version_bump_is_loaded(self):
        self.write("essai.yaml", collection())
        load(self.dir)
        self.write(
            "essai.yaml", collection(items=[reflex("verrouiller-sa-session", version=2, number=3)])
        )
        report = load(self.dir)
        self.assertEqual(report.outcomes[0].updated, 1)
        item = Item.objects.get(collection__key="essai")
        self.assertEqual((item.version, item.data["number"]), (2, 3))

    def test_a_change_without_a_version_bump_is_refused(self):
        self.write("essai.yaml", collection())
        load(self.dir)
        before = self.snapshot()
        self.write("essai.yaml", collection(items=[reflex("verrouiller-sa-session", number=3)]))
        with self.assertRaises(ContentLoadError) as caught:
            load(self.dir)
        [error] = caught.exception.errors
        self.assertEqual(
            (error.file, error.item, error.field),
            ("essai.yaml", "« verrouiller-sa-session »", "version"),
        )
        self.assertIn("passez sa version à 2", error.message)
        self.assertEqual(self.snapshot(), before)

    def test_a_lowered_item_version_is_refused(self):
        self.write("essai.yaml", collection(items=[reflex("a", version=3)]))
        load(self.dir)
        before = self.snapshot()
        self.write("essai.yaml", collection(items=[reflex("a", version=2)]))
        with self.assertRaises(ContentLoadError) as caught:
            load(self.dir)
        [error] = caught.exception.errors
        self.assertEqual((error.item, error.field), ("« a »", "version"))
        self.assertIn("version 2 inférieure à la version chargée (3)", str(error))
        self.assertEqual(self.snapshot(), before)

    def test_a_lowered_collection_version_is_refused(self):
        self.write("essai.yaml", collection(version=2))
        load(self.dir)
        before = self.snapshot()
        self.write("essai.yaml", collection(version=1))
        with self.assertRaises(ContentLoadError) as caught:
            load(self.dir)
        [error] = caught.exception.errors
        self.assertEqual((error.file, error.field), ("essai.yaml", "version"))
        self.assertIn("inférieure", error.message)
        self.assertEqual(self.snapshot(), before)

    def test_a_retired_shipped_item_is_kept_for_the_records_that_cite_it(self):
        self.copy_shipped_library()
        data = self.read("reflexes.yaml")
        removed = data["items"].pop()
        self.write("reflexes.yaml", data)
        load(self.dir)
        item = Item.objects.get(collection__key="reflexes", key=removed["id"])
        self.assertTrue(item.retired)
        self.assertEqual(item.data, removed)
