from hygie.journal.actions import record
from hygie.journal.models import AppendOnlyError, Entry
from hygie.journal.verify import verify
from hygie.tests.base import BaseTestCase


class AppendOnlyTestCase(BaseTestCase):
    def setUp(self):
        self.entry = record(action="org.settings_changed", org=self.org, actor=self.titulaire)

    def test_it_refuses_to_save_an_existing_entry_again(self):
        self.entry.object_label = "Autre chose"
        with self.assertRaises(AppendOnlyError):
            self.entry.save()
        with self.assertRaises(AppendOnlyError):
            self.entry.save(update_fields=["object_label"])
        self.entry.refresh_from_db()
        self.assertEqual(self.entry.object_label, "")

    def test_it_refuses_to_delete_an_entry(self):
        with self.assertRaises(AppendOnlyError):
            self.entry.delete()
        self.assertTrue(Entry.objects.filter(pk=self.entry.pk).exists())

    def test_it_refuses_to_update_entries_in_bulk(self):
        with self.assertRaises(AppendOnlyError):
            Entry.objects.update(object_label="Autre chose")
        with self.assertRaises(AppendOnlyError):
            Entry.objects.filter(pk=self.entry.pk).update(actor_label="")
        self.entry.actor_label = ""
        with self.assertRaises(AppendOnlyError):
            Entry.objects.bulk_update([self.entry], ["actor_label"])

    def test_it_refuses_to_delete_entries_in_bulk(self):
        with self.assertRaises(AppendOnlyError):
            Entry.objects.all().delete()
        with self.assertRaises(AppendOnlyError):
            Entry.objects.filter(org_id=self.org.pk).delete()
        self.assertTrue(Entry.objects.filter(pk=self.entry.pk).exists())

    def test_the_journal_is_intact_after_the_refusals(self):
        for attempt in [self.entry.delete, Entry.objects.all().delete]:
            with self.assertRaises(AppendOnlyError):
                attempt()
        self.assertTrue(verify().ok)
