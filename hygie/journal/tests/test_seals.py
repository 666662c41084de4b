"""Seals: a witness of each chain's head kept outside the database.

Someone who can write the database removes the last entries and moves the
chain's head back (no key needed), or rewrites entries and signs them again
with the journal key (on a single machine, it sits in the data folder): the
chain alone passes, a seal kept outside does not.
"""

import io
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from hygie.deadlines.management.commands.rappels import housekeeping
from hygie.journal import seals
from hygie.journal.actions import chain_key, record
from hygie.journal.chain import entry_hash
from hygie.journal.models import Entry, Seal
from hygie.journal.tests.helpers import raw_sql
from hygie.journal.verify import verify
from hygie.tests.base import BaseTestCase


class SealedJournal(BaseTestCase):
    """Five entries in the cabinet's chain, sealed."""

    def setUp(self):
        self.chain = chain_key(self.org.pk)
        for n in range(1, 6):
            record(
                action="org.settings_changed",
                org=self.org,
                actor=self.titulaire,
                object_label=f"Réglage {n}",
            )
        with self.captureOnCommitCallbacks(execute=True):
            self.seal = seals.seal(self.chain, seals.PERIODIC)
        self.text = self.seal.text
        mail.outbox.clear()

    def rewind_to(self, seq: int) -> None:
        """Delete the entries after `seq` and move the chain's head back to it."""
        raw_sql("DELETE FROM {entry} WHERE chain = %s AND seq > %s", [self.chain, seq])
        last = Entry.objects.get(chain=self.chain, seq=seq)
        raw_sql(
            "UPDATE {chain} SET last_seq = %s, last_hash = %s WHERE key = %s",
            [seq, last.hash, self.chain],
        )

    def rewrite_third_entry_with_the_key(self) -> None:
        """Change the third entry, then sign it and every later one again with the real key."""
        raw_sql(
            "UPDATE {entry} SET object_label = %s WHERE chain = %s AND seq = 3",
            ["Réglage anodin", self.chain],
        )
        prev_hash = Entry.objects.get(chain=self.chain, seq=2).hash
        for entry in Entry.objects.filter(chain=self.chain, seq__gte=3).order_by("seq"):
            digest = entry_hash(settings.JOURNAL_KEY, prev_hash, entry.fields())
            raw_sql(
                "UPDATE {entry} SET prev_hash = %s, hash = %s WHERE id = %s",
                [prev_hash, digest, entry.pk],
            )
            prev_hash = digest
        raw_sql("UPDATE {chain} SET last_hash = %s WHERE key = %s", [prev_hash, self.chain])

    def compared(self, text: str | None = None) -> seals.Comparison:
        [seal] = seals.parse(text or self.text)
        return seals.compare(seal)


class CompareTestCase(SealedJournal):
    def test_the_seal_attests_the_head(self):
        self.assertRegex(
            self.text,
            rf"^HYGIE-SCEAU-1\.{self.chain}\.5\.\d{{8}}T\d{{6}}Z\.[0-9a-f]{{64}}\.[0-9a-f]{{32}}$",
        )
        self.assertIn(Entry.objects.get(chain=self.chain, seq=5).hash, self.text)
        self.assertTrue(self.compared().ok)

    def test_a_later_journal_still_matches(self):
        record(action="org.settings_changed", org=self.org, actor=self.titulaire)
        self.assertTrue(self.compared().ok)

    def test_a_rewind_passes_the_chain_but_not_the_seal(self):
        self.rewind_to(3)
        # The chain alone cannot see it: its head was moved back with the entries.
        self.assertTrue(verify([self.chain]).ok)
        found = self.compared()
        self.assertFalse(found.ok)
        self.assertIn("atteste 5 entrées, le journal n'en compte plus que 3", found.problem)
        self.assertIn("retour en arrière", found.problem)

    def test_a_rewind_followed_by_new_entries_is_a_rewrite(self):
        self.rewind_to(3)
        for _ in range(3):
            record(action="org.settings_changed", org=self.org, actor=self.titulaire)
        self.assertTrue(verify([self.chain]).ok)
        found = self.compared()
        self.assertIn("l'entrée n° 5 ne correspond plus au sceau", found.problem)

    def test_a_rewrite_signed_again_with_the_key_passes_the_chain_but_not_the_seal(self):
        self.rewrite_third_entry_with_the_key()
        self.assertTrue(verify([self.chain]).ok)
        found = self.compared()
        self.assertFalse(found.ok)
        self.assertIn("réécrit", found.problem)

    def test_a_seal_changed_to_hide_a_rewind_is_refused(self):
        self.rewind_to(3)
        third = Entry.objects.get(chain=self.chain, seq=3).hash
        forged = self.text.replace(f".{self.chain}.5.", f".{self.chain}.3.").replace(
            self.seal.head_hash, third
        )
        found = self.compared(forged)
        self.assertFalse(found.ok)
        self.assertIn("refusé : sa signature ne correspond pas", found.problem)

    def test_a_seal_signed_with_another_key_is_refused(self):
        with override_settings(JOURNAL_KEY="une-autre-clé"):
            forged = seals.SealText(self.chain, 5, self.seal.head_hash, self.seal.time, "").payload
            signature = seals.sign(forged)
        found = self.compared(f"{seals.PREFIX}.{forged}.{signature}")
        self.assertIn("refusé", found.problem)

    def test_any_character_changed_is_refused(self):
        for position in (len(self.text) - 40, len(self.text) - 1):
            changed = self.text[:position] + ("0" if self.text[position] != "0" else "1")
            changed += self.text[position + 1 :]
            with self.subTest(position=position):
                self.assertIn("refusé", self.compared(changed).problem)


class ParseTestCase(SealedJournal):
    def test_it_reads_a_seal_wrapped_by_a_mail_program_inside_a_whole_e_mail(self):
        wrapped = "\n> ".join(self.text[i : i + 30] for i in range(0, len(self.text), 30))
        wrapped = wrapped.replace("> ", "")
        e_mail = f"Bonjour,\n\nVoici le sceau :\n\n{wrapped}\n\nGardez cet e-mail.\n"
        self.assertEqual([s.text for s in seals.parse(e_mail)], [self.text])

    def test_it_refuses_a_text_without_a_seal(self):
        with self.assertRaisesMessage(seals.SealError, "Aucun sceau trouvé"):
            seals.parse("bonjour")

    def test_it_refuses_a_seal_cut_short(self):
        with self.assertRaisesMessage(seals.SealError, "incomplet ou mal copié"):
            seals.parse(self.text[:-3])


class CommandTestCase(SealedJournal):
    def verifier(self, *values: str) -> str:
        out = io.StringIO()
        arguments = [a for value in values for a in ("--sceau", value)]
        call_command("journal", "verifier", *arguments, stdout=out)
        return out.getvalue()

    def test_it_says_the_journal_holds_what_the_seal_attests(self):
        output = self.verifier(self.text)
        self.assertIn("Journal intègre", output)
        self.assertIn(f"Chaîne « {self.chain} », sceau du", output)
        self.assertIn("(5 entrées) : le journal le contient toujours, intact.", output)

    def test_it_detects_a_rewind_against_the_seal(self):
        self.rewind_to(3)
        # The seal kept in the database deleted too: the chain alone passes.
        raw_sql("DELETE FROM {seal}")
        self.assertIn("Journal intègre", self.verifier())
        with self.assertRaisesMessage(CommandError, "retour en arrière"):
            self.verifier(self.text)

    def test_without_a_seal_it_compares_with_the_last_one_kept_and_says_it_may_be_gone(self):
        self.assertIn("Sans --sceau", self.verifier())
        self.rewind_to(3)
        with self.assertRaisesMessage(CommandError, "derniers sceaux gardés dans la base"):
            self.verifier()
        raw_sql("DELETE FROM {seal}")
        self.assertIn("Journal intègre", self.verifier())

    def test_it_detects_a_rewrite_signed_again_with_the_key(self):
        self.rewrite_third_entry_with_the_key()
        with self.assertRaisesMessage(CommandError, "réécrit"):
            self.verifier(self.text)

    def test_it_reads_the_seals_of_a_saved_e_mail(self):
        self.rewind_to(4)
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        saved = Path(folder.name) / "sceau.eml"
        saved.write_text(f"Objet : Sceau du journal\n\n{self.text}\n")
        with self.assertRaisesMessage(CommandError, "retour en arrière"):
            self.verifier(str(saved))

    def test_it_refuses_a_tampered_seal(self):
        forged = self.text.replace(f".{self.chain}.5.", f".{self.chain}.4.")
        with self.assertRaisesMessage(CommandError, "refusé"):
            self.verifier(forged)

    def test_it_says_what_it_was_given_is_neither_a_file_nor_a_seal(self):
        with self.assertRaisesMessage(CommandError, "n'est ni un fichier ni un sceau"):
            self.verifier("/nulle/part/sceau.txt")
        with self.assertRaisesMessage(CommandError, "incomplet ou mal copié"):
            self.verifier(self.text[:50])

    def test_sceller_seals_every_chain_and_sends_the_seals(self):
        record(action="org.settings_changed", org=self.org, actor=self.titulaire)
        out = io.StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("journal", "sceller", stdout=out)
        made = Seal.objects.get(chain=self.chain, seq=6)
        self.assertIn(made.text, out.getvalue())
        self.assertIn("Chaîne « instance »", out.getvalue())
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), [self.titulaire.email, self.referent.email]
        )

    def test_proteger_says_it_is_for_postgresql(self):
        if connection.vendor != "sqlite":
            self.skipTest("SQLite only (test_protect runs on PostgreSQL)")
        with self.assertRaisesMessage(CommandError, "concerne PostgreSQL"):
            call_command("journal", "proteger", stdout=io.StringIO())


class PageTestCase(SealedJournal):
    def setUp(self):
        super().setUp()
        self.url = f"/o/{self.org.code}/journal/verifier/"
        self.login(self.titulaire)

    def check(self, pasted: str = ""):
        return self.client.post(self.url, {"sceau": pasted}, follow=True)

    def test_the_page_shows_the_last_seal(self):
        r = self.client.get(f"/o/{self.org.code}/journal/")
        self.assertContains(r, self.text)
        self.assertContains(r, "Sceau reçu par e-mail (facultatif)")

    def test_a_pasted_seal_reveals_a_rewind(self):
        self.rewind_to(3)
        raw_sql("DELETE FROM {seal}")
        r = self.check(f"Voici le sceau :\n{self.text}\n")
        self.assertContains(r, "Le journal a été altéré")
        self.assertContains(r, "Sceau collé : le sceau du")
        self.assertContains(r, "retour en arrière")
        entry = Entry.objects.filter(chain=self.chain).latest("seq")
        self.assertEqual(entry.details["intègre"], False)
        self.assertEqual(entry.details["sceaux collés"], 1)

    def test_a_pasted_seal_reveals_a_rewrite_signed_again_with_the_key(self):
        self.rewrite_third_entry_with_the_key()
        raw_sql("DELETE FROM {seal}")
        r = self.check(self.text)
        self.assertContains(r, "réécrit jusqu&#x27;à cette entrée")

    def test_a_pasted_seal_that_matches_is_said_so(self):
        r = self.check(self.text)
        self.assertContains(r, "Journal intègre")
        self.assertContains(r, "Sceau collé : le journal contient toujours, intact")
        self.assertNotContains(r, "la comparaison qui compte")

    def test_without_a_pasted_seal_it_says_the_decisive_comparison_is_with_one_kept_outside(self):
        self.rewind_to(3)
        r = self.check()
        # The seal kept here still reveals it, as long as it is not deleted too.
        self.assertContains(r, "Dernier sceau gardé dans Hygie : le sceau du")
        self.assertContains(r, "la comparaison qui compte est celle avec un sceau gardé ailleurs")

    def test_it_refuses_a_tampered_seal(self):
        forged = self.text.replace(f".{self.chain}.5.", f".{self.chain}.4.")
        r = self.check(forged)
        self.assertContains(r, "signature ne correspond pas")

    def test_it_refuses_a_text_that_is_no_seal_and_records_nothing(self):
        before = Entry.objects.count()
        r = self.check("HYGIE-SCEAU-1.org:1.2")
        self.assertContains(r, "Vérification impossible : Un sceau est incomplet ou mal copié")
        self.assertEqual(Entry.objects.count(), before)

    def test_it_refuses_another_organisation_s_seal(self):
        record(action="org.settings_changed", org=self.other_org, actor=self.outsider)
        other = seals.seal(chain_key(self.other_org.pk), seals.EXPORT)
        r = self.check(other.text)
        self.assertContains(r, "ce sceau n&#x27;est pas celui du journal de Cabinet du Dr Martin")


class EmailTestCase(SealedJournal):
    def test_the_seal_is_e_mailed_to_the_titulaire_and_the_referent(self):
        record(action="org.settings_changed", org=self.org, actor=self.titulaire)
        later = timezone.now() + seals.SEAL_EVERY
        with self.captureOnCommitCallbacks(execute=True):
            seals.seal_due(later)
        made = Seal.objects.filter(chain=self.chain).latest("id")
        self.assertEqual(made.seq, 6)
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), [self.titulaire.email, self.referent.email]
        )
        message = mail.outbox[0]
        self.assertIn("Sceau du journal d'audit de Cabinet du Dr Martin", message.subject)
        self.assertIn(made.text, message.body)
        self.assertIn("il atteste ses 6 entrées", message.body)
        self.assertIn(made.text, message.alternatives[0][0])
        # What the e-mail holds is a seal the check accepts.
        self.assertEqual([s.text for s in seals.parse(message.body)], [made.text])

    def test_a_chain_is_sealed_once_a_day_and_only_when_it_grew(self):
        with self.captureOnCommitCallbacks(execute=True):
            # Not grown since this morning's seal.
            seals.seal_due(timezone.now() + timedelta(days=2))
            record(action="org.settings_changed", org=self.org, actor=self.titulaire)
            # Grown, but sealed less than a day ago.
            seals.seal_due(timezone.now() + timedelta(hours=2))
        self.assertEqual(Seal.objects.filter(chain=self.chain).count(), 1)
        self.assertEqual(mail.outbox, [])

    def test_the_reminder_loop_seals(self):
        record(action="org.settings_changed", org=self.other_org, actor=self.outsider)
        with self.captureOnCommitCallbacks(execute=True):
            housekeeping()
        self.assertTrue(Seal.objects.filter(chain=chain_key(self.other_org.pk)).exists())
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), [self.outsider.email, self.referent.email]
        )

    def test_the_reminder_loop_logs_a_rewind(self):
        self.rewind_to(3)
        with self.assertLogs("hygie.journal", "ERROR") as logs:
            seals.seal_due()
        self.assertIn("retour en arrière", logs.output[0])

    def test_the_seal_button_seals_and_e_mails(self):
        self.login(self.referent)
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(f"/o/{self.org.code}/journal/sceller/", follow=True)
        self.assertContains(r, "Journal scellé : le sceau est envoyé par e-mail")
        made = Seal.objects.filter(chain=self.chain).latest("id")
        # The seal covers its own request.
        self.assertEqual(Entry.objects.get(chain=self.chain, seq=made.seq).action, "journal.sealed")
        self.assertEqual(len(mail.outbox), 2)

    def test_the_seal_button_is_for_those_who_see_the_journal(self):
        self.login(self.praticien)
        self.assertEqual(self.client.post(f"/o/{self.org.code}/journal/sceller/").status_code, 403)


class ExportTestCase(SealedJournal):
    def setUp(self):
        super().setUp()
        self.login(self.titulaire)

    def exported_seal(self, body: str) -> seals.SealText:
        [seal] = seals.parse(body)
        self.assertTrue(seals.compare(seal).ok)
        # The export's own entry is sealed.
        self.assertEqual(seal.seq, 6)
        return seal

    def test_the_csv_export_ends_with_the_seal(self):
        r = self.client.get(f"/o/{self.org.code}/journal/export.csv")
        last = r.content.decode().strip().splitlines()[-1]
        self.assertTrue(last.startswith("Sceau;"))
        self.exported_seal(last)

    def test_the_excel_export_has_a_sheet_with_the_seal(self):
        r = self.client.get(f"/o/{self.org.code}/journal/export.xlsx")
        book = load_workbook(io.BytesIO(r.content))
        self.assertEqual(book.sheetnames, ["Journal", "Sceau"])
        self.exported_seal(str(book["Sceau"]["A2"].value))

    def test_the_pdf_export_prints_the_seal(self):
        r = self.client.get(f"/o/{self.org.code}/journal/export.pdf")
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
        self.assertIn("Sceau du journal à cet export", text)
        self.exported_seal(text)
