"""Someone with write access to the database, but not the journal key, edits it."""

from datetime import UTC, datetime

from django.conf import settings
from django.db import connection

from hygie.journal.actions import chain_key, record
from hygie.journal.chain import entry_hash
from hygie.journal.models import Entry
from hygie.journal.tests.helpers import raw_sql, undone
from hygie.journal.verify import verify
from hygie.tests.base import BaseTestCase

FORGED_TIME = datetime(2020, 1, 1, 12, 0, tzinfo=UTC)


class TamperTestCase(BaseTestCase):
    def setUp(self):
        self.chain = chain_key(self.org.pk)
        for n in range(1, 6):
            record(
                action="org.settings_changed",
                org=self.org,
                actor=self.titulaire,
                object_label=f"Réglage {n}",
                details={"n": n},
            )
        record(action="org.settings_changed", org=self.other_org, actor=self.outsider)

    def only_break(self):
        report = verify()
        self.assertEqual(len(report.breaks), 1, report.breaks)
        problem = report.breaks[0]
        self.assertEqual(problem.chain, self.chain)
        return problem

    def test_an_untouched_journal_is_intact(self):
        report = verify()
        self.assertTrue(report.ok)
        # The organisations' chains and the instance chain (the content library's loading).
        self.assertEqual(report.chains, 3)
        self.assertEqual(report.entries, 5 + 1 + 1)

    def test_it_detects_any_field_of_a_middle_entry_changed(self):
        for column, value in [
            ("object_label", "Réglage anodin"),
            ("actor_label", "quelquun@example.org"),
            ("actor_id", self.praticien.pk),
            ("action", "member.removed"),
            ("org_label", "Autre cabinet"),
            ("object_id", "42"),
            ("time", connection.ops.adapt_datetimefield_value(FORGED_TIME)),
            ("details", '{"n": 30}'),
            ("ip", "198.51.100.7"),
            ("hash", "f" * 64),
        ]:
            with self.subTest(column=column), undone():
                touched = raw_sql(
                    # The column names come from the table above.
                    f"UPDATE {{entry}} SET {column} = %s WHERE chain = %s AND seq = 3",  # noqa: S608
                    [value, self.chain],
                )
                self.assertEqual(touched, 1)
                problem = self.only_break()
                self.assertEqual(problem.seq, 3)
                self.assertIn("modifié", problem.problem)

    def test_it_detects_a_broken_link_to_the_previous_entry(self):
        raw_sql(
            "UPDATE {entry} SET prev_hash = %s WHERE chain = %s AND seq = 3",
            ["0" * 64, self.chain],
        )
        problem = self.only_break()
        self.assertEqual(problem.seq, 3)
        self.assertIn("lien", problem.problem)

    def test_it_names_a_middle_entry_deleted(self):
        raw_sql("DELETE FROM {entry} WHERE chain = %s AND seq = 3", [self.chain])
        problem = self.only_break()
        self.assertEqual(problem.seq, 3)
        self.assertIn("manque", problem.problem)
        self.assertIn(f"« {self.chain} », entrée n° 3", str(problem))

    def test_it_detects_a_middle_entry_deleted_and_the_rest_renumbered(self):
        raw_sql("DELETE FROM {entry} WHERE chain = %s AND seq = 3", [self.chain])
        for seq in (4, 5):
            raw_sql(
                "UPDATE {entry} SET seq = %s WHERE chain = %s AND seq = %s",
                [seq - 1, self.chain, seq],
            )
        raw_sql("UPDATE {chain} SET last_seq = 4 WHERE key = %s", [self.chain])
        self.assertEqual(self.only_break().seq, 3)

    def test_it_detects_the_last_entries_deleted_through_the_chain_head(self):
        raw_sql("DELETE FROM {entry} WHERE chain = %s AND seq >= 4", [self.chain])
        problem = self.only_break()
        self.assertEqual(problem.seq, 4)
        self.assertIn("entrées de fin supprimées", problem.problem)

    def test_it_detects_the_last_entry_deleted(self):
        raw_sql("DELETE FROM {entry} WHERE chain = %s AND seq = 5", [self.chain])
        self.assertEqual(self.only_break().seq, 5)

    def test_it_detects_every_entry_of_a_chain_deleted(self):
        raw_sql("DELETE FROM {entry} WHERE chain = %s", [self.chain])
        problem = self.only_break()
        self.assertEqual(problem.seq, 1)

    def test_it_detects_the_chain_head_edited(self):
        for column, value in [("last_hash", "f" * 64), ("last_seq", 9), ("last_seq", 2)]:
            with self.subTest(column=column, value=value), undone():
                sql = f"UPDATE {{chain}} SET {column} = %s WHERE key = %s"  # noqa: S608
                raw_sql(sql, [value, self.chain])
                self.only_break()

    def test_it_says_the_head_was_changed_when_it_lags_behind_the_entries(self):
        third = Entry.objects.get(chain=self.chain, seq=3)
        raw_sql(
            "UPDATE {chain} SET last_seq = 3, last_hash = %s WHERE key = %s",
            [third.hash, self.chain],
        )
        problem = self.only_break()
        self.assertIn("tête", problem.problem)
        self.assertNotIn("supprimées", problem.problem)

    def test_it_detects_the_chain_head_deleted(self):
        raw_sql("DELETE FROM {chain} WHERE key = %s", [self.chain])
        self.assertIn("tête", self.only_break().problem)

    def test_it_detects_an_entry_moved_to_another_chain(self):
        raw_sql(
            "UPDATE {entry} SET chain = %s, seq = 2 WHERE chain = %s AND seq = 5",
            [chain_key(self.other_org.pk), self.chain],
        )
        report = verify()
        self.assertEqual(len(report.breaks), 2)

    def rewrite_from_third_entry(self, key: str) -> None:
        """Change the third entry, then rehash it, every later entry and the head."""
        raw_sql(
            "UPDATE {entry} SET object_label = %s WHERE chain = %s AND seq = 3",
            ["Réglage anodin", self.chain],
        )
        prev_hash = Entry.objects.get(chain=self.chain, seq=2).hash
        for entry in Entry.objects.filter(chain=self.chain, seq__gte=3).order_by("seq"):
            digest = entry_hash(key, prev_hash, entry.fields())
            raw_sql(
                "UPDATE {entry} SET prev_hash = %s, hash = %s WHERE id = %s",
                [prev_hash, digest, entry.pk],
            )
            prev_hash = digest
        raw_sql("UPDATE {chain} SET last_hash = %s WHERE key = %s", [prev_hash, self.chain])

    def test_it_detects_an_entry_rehashed_without_the_journal_key(self):
        self.rewrite_from_third_entry("une-clé-devinée")
        problem = self.only_break()
        self.assertEqual(problem.seq, 3)
        self.assertIn("modifié", problem.problem)

    def test_only_the_journal_key_could_rewrite_the_chain_unnoticed(self):
        # The same rewrite with the real key passes: the key is what protects the chain.
        self.rewrite_from_third_entry(settings.JOURNAL_KEY)
        self.assertTrue(verify().ok)
        self.assertEqual(Entry.objects.get(chain=self.chain, seq=3).object_label, "Réglage anodin")

    def test_it_verifies_only_the_chains_asked_for(self):
        raw_sql("DELETE FROM {entry} WHERE chain = %s AND seq = 3", [self.chain])
        self.assertTrue(verify([chain_key(self.other_org.pk)]).ok)
        self.assertFalse(verify([self.chain]).ok)
