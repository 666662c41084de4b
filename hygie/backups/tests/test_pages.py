"""The plan's form and the log's forms: what they record, and bad input
refused with a clear French message, nothing written."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hygie.backups.models import BackupRun, Destruction, PlannedBackup, RestoreTest
from hygie.backups.tests.base import DISK_FORM, BackupsTestCase
from hygie.deadlines.models import Deadline
from hygie.journal.models import Entry
from hygie.register import actions as register_actions


class PlanFormTestCase(BackupsTestCase):
    def setUp(self):
        self.client = self.signed_in(self.titulaire)

    def test_a_copy_added_is_journaled_and_gets_its_two_echeances(self):
        response = self.client.post(
            self.url("plan_new"), {**DISK_FORM, "responsible": self.secretaire.pk}
        )
        planned = PlannedBackup.objects.get()
        self.assertRedirects(response, planned.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual(planned.data, ["logiciel", "documents"])
        self.assertEqual(planned.responsible, self.secretaire)
        entry = Entry.objects.get(action="backups.plan_added")
        self.assertEqual(entry.details["support"], "Un disque externe ou une clé USB")
        self.assertEqual(
            set(Deadline.objects.filter(subject_id=str(planned.pk)).values_list("key", flat=True)),
            {"sauvegarde", "restauration"},
        )

    def test_missing_answers_are_named_in_french_and_nothing_is_written(self):
        response = self.client.post(self.url("plan_new"), {"medium": "disque"})
        self.assertEqual(response.status_code, 400)
        for message in (
            "Cochez au moins une sorte de données.",
            "Choisissez une fréquence.",
            "Indiquez où la copie est gardée.",
            "Dites si le support est rangé sous clé.",
            "Choisissez une réponse.",
        ):
            self.assertContains(response, message, status_code=400)
        self.assertFalse(PlannedBackup.objects.exists())
        self.assertFalse(Entry.objects.filter(action__startswith="backups.").exists())

    def test_unknown_choices_are_refused(self):
        response = self.client.post(
            self.url("plan_new"),
            {
                **DISK_FORM,
                "data": ["logiciel", "photos"],
                "every": "2",
                "responsible": self.outsider.pk,
            },
        )
        for message in (
            "Cochez parmi les données proposées.",
            "Choisissez une des fréquences proposées.",
            "Choisissez un membre du cabinet.",
        ):
            self.assertContains(response, message, status_code=400)
        self.assertFalse(PlannedBackup.objects.exists())

    def test_a_hosted_copy_is_kept_at_its_host_with_its_register_processor(self):
        processor = register_actions.save_processor(
            self.org,
            None,
            {
                "name": "Sauvegarde Santé",
                "service": "Sauvegarde externalisée",
                "hds": "oui",
                "clauses": {},
            },
            actor=self.titulaire,
        )
        response = self.client.post(
            self.url("plan_new"),
            {
                **DISK_FORM,
                "medium": "prestataire",
                "place": "cabinet",
                "locked": "",
                "processor": processor.pk,
            },
        )
        self.assertEqual(response.status_code, 302)
        planned = PlannedBackup.objects.get()
        self.assertEqual(
            (planned.place, planned.processor, planned.locked), ("prestataire", processor, "")
        )
        page = self.client.get(self.url("home"))
        self.assertContains(page, "hébergeur certifié HDS")

    def test_a_hosted_copy_s_card_says_when_its_hds_certificate_is_unknown_or_ended(self):
        ended = register_actions.save_processor(
            self.org,
            None,
            {
                "name": "Ancien hébergeur",
                "service": "Sauvegarde externalisée",
                "hds": "oui",
                "hds_until": timezone.localdate() - timedelta(days=1),
                "clauses": {},
            },
            actor=self.titulaire,
        )
        self.add(medium="cloud", place="prestataire", locked="", processor=ended)
        self.add(medium="editeur", place="prestataire", locked="")
        page = self.client.get(self.url("home"))
        self.assertContains(page, "certificat HDS expiré")
        self.assertContains(page, "certification HDS à vérifier")
        self.assertNotContains(page, 'badge--ok">hébergeur certifié HDS')

    def test_another_practice_s_processor_is_refused(self):
        theirs = register_actions.save_processor(
            self.other_org,
            None,
            {"name": "Autre", "service": "Autre", "clauses": {}},
            actor=self.outsider,
        )
        response = self.client.post(
            self.url("plan_new"), {**DISK_FORM, "medium": "cloud", "processor": theirs.pk}
        )
        self.assertContains(response, "Choisissez un sous-traitant du registre.", status_code=400)

    def test_a_change_is_journaled_with_what_changed(self):
        self.client.post(self.url("plan_new"), DISK_FORM)
        planned = PlannedBackup.objects.get()
        self.client.post(self.url("plan_edit", planned.pk), {**DISK_FORM, "encrypted": "non"})
        entry = Entry.objects.get(action="backups.plan_changed")
        self.assertEqual(entry.details, {"chiffrée": ["Oui", "Non"]})
        # Saved again unchanged: nothing more in the journal.
        self.client.post(self.url("plan_edit", planned.pk), {**DISK_FORM, "encrypted": "non"})
        self.assertEqual(Entry.objects.filter(action="backups.plan_changed").count(), 1)

    def test_a_retired_copy_leaves_the_plan_and_keeps_its_log(self):
        planned = self.add()
        self.client.post(self.url("run", planned.pk))
        self.client.post(self.url("plan_retire", planned.pk))
        planned.refresh_from_db()
        self.assertIsNotNone(planned.retired_at)
        self.assertEqual(BackupRun.objects.count(), 1)
        self.assertEqual(self.client.get(self.url("plan_edit", planned.pk)).status_code, 404)
        response = self.client.post(self.url("run", planned.pk), follow=True)
        self.assertContains(response, "Cette sauvegarde a été retirée du plan.")
        self.assertEqual(BackupRun.objects.count(), 1)


class LogFormsTestCase(BackupsTestCase):
    def setUp(self):
        self.disk = self.add()
        self.client = self.signed_in(self.secretaire)
        self.today = timezone.localdate()

    def restore(self, **values):
        data = {
            "planned": self.disk.pk,
            "done_on": self.today.isoformat(),
            "restored": "Le dossier d'un patient test",
            "outcome": "ok",
            "minutes": "25",
        }
        return self.client.post(self.url("restore_new"), {**data, **values})

    def test_a_restore_test_is_kept_with_what_how_long_and_who(self):
        self.assertEqual(self.restore().status_code, 302)
        test = RestoreTest.objects.get()
        self.assertEqual(
            (test.restored, test.outcome, test.minutes, test.by),
            ("Le dossier d'un patient test", "ok", 25, self.secretaire),
        )
        self.assertEqual(
            Entry.objects.get(action="backups.restore_tested").details["durée (minutes)"], 25
        )

    def test_a_restore_test_with_bad_input_is_refused_in_french(self):
        table = [
            ({"minutes": "0"}, "Indiquez au moins 1 minute."),
            ({"minutes": "une heure"}, "Indiquez un nombre entier de minutes."),
            ({"minutes": "20000"}, "Indiquez au plus une semaine (10 080 minutes)."),
            (
                {"done_on": (self.today + timedelta(days=1)).isoformat()},
                "La date ne peut pas être dans le futur.",
            ),
            ({"done_on": "1999-12-31"}, "Indiquez une date après l&#x27;an 2000."),
            ({"done_on": "31/02/2026"}, "Indiquez une date valide (jour/mois/année)."),
            ({"restored": ""}, "Dites ce qui a été restauré."),
            ({"outcome": "peut-etre"}, "Choix inconnu."),
            ({"planned": "999"}, "Choisissez une sauvegarde du plan."),
        ]
        for values, message in table:
            with self.subTest(message):
                self.assertContains(self.restore(**values), message, status_code=400)
        self.assertFalse(RestoreTest.objects.exists())
        self.assertFalse(Entry.objects.filter(action="backups.restore_tested").exists())

    def test_the_form_starts_from_the_copy_it_was_opened_for(self):
        other = self.add(label="Disque 2")
        page = self.client.get(self.url("restore_new") + f"?sauvegarde={other.pk}")
        self.assertContains(page, f'<option value="{other.pk}" selected>')

    def test_a_backup_of_another_day_is_logged_with_its_day(self):
        day = self.today - timedelta(days=3)
        response = self.client.post(
            self.url("run_new"),
            {"planned": self.disk.pk, "done_on": day.isoformat(), "note": "Disque 2"},
        )
        self.assertEqual(response.status_code, 302)
        run = BackupRun.objects.get()
        self.assertEqual((run.done_on, run.note), (day, "Disque 2"))
        response = self.client.post(
            self.url("run_new"),
            {"planned": self.disk.pk, "done_on": (self.today + timedelta(days=2)).isoformat()},
        )
        self.assertContains(response, "La date ne peut pas être dans le futur.", status_code=400)
        self.assertEqual(BackupRun.objects.count(), 1)

    def test_a_destruction_by_a_provider_needs_its_certificate(self):
        data = {
            "done_on": self.today.isoformat(),
            "kind": "support",
            "what": "Disque n° 2 (2019)",
            "method": "prestataire",
        }
        response = self.client.post(self.url("destruction_new"), data)
        self.assertContains(
            response,
            "Indiquez la référence de l&#x27;attestation remise par le prestataire.",
            status_code=400,
        )
        self.assertFalse(Destruction.objects.exists())
        response = self.client.post(
            self.url("destruction_new"),
            {**data, "certificate": "ATT-2026-118", "planned": self.disk.pk},
        )
        self.assertEqual(response.status_code, 302)
        destruction = Destruction.objects.get()
        self.assertEqual(
            (destruction.certificate, destruction.planned), ("ATT-2026-118", self.disk)
        )
        entry = Entry.objects.get(action="backups.destroyed")
        self.assertEqual(entry.details["attestation"], "ATT-2026-118")

    def test_the_destruction_form_cites_its_sources_and_flags_the_unverified_one(self):
        page = self.client.get(self.url("destruction_new"))
        self.assertContains(page, "délibération n° 2020-081")
        self.assertContains(page, "texte non vérifié")

    def test_the_journal_labels_every_backups_action(self):
        from hygie.lib import plugins

        labels = plugins.journal_labels()
        self.client.post(self.url("run", self.disk.pk))
        self.restore()
        for action in Entry.objects.filter(action__startswith="backups.").values_list(
            "action", flat=True
        ):
            self.assertIn(action, labels)
