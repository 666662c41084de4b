"""Editing a processing and its retention rules: each change is a version, the
past can be shown, and what the form does not show is kept."""

from datetime import timedelta

from django.utils import timezone

from hygie.register.models import Version
from hygie.register.tests.base import RegisterTestCase


class EditingTestCase(RegisterTestCase):
    def form(self, processing, **changes):
        data = {
            "t-title": processing.title,
            "t-purposes": processing.purposes,
            "t-legal_basis": processing.legal_basis,
            "t-article9": processing.article9,
            "t-data_categories": processing.data_categories,
            "t-persons": processing.persons,
            "t-recipients": processing.recipients,
            "t-transfers": processing.transfers,
            "t-security": processing.security,
            "conservation-TOTAL_FORMS": str(len(processing.retention) + 1),
            "conservation-INITIAL_FORMS": str(len(processing.retention)),
            "conservation-MIN_NUM_FORMS": "0",
            "conservation-MAX_NUM_FORMS": "12",
        }
        for i, rule in enumerate(processing.retention):
            archive = rule.get("archive") or {}
            data.update(
                {
                    f"conservation-{i}-what": rule["what"],
                    f"conservation-{i}-active_value": rule["active"]["value"],
                    f"conservation-{i}-active_unit": rule["active"]["unit"],
                    f"conservation-{i}-archive_value": archive.get("value", ""),
                    f"conservation-{i}-archive_unit": archive.get("unit", "years"),
                    f"conservation-{i}-starts": rule["starts"],
                    f"conservation-{i}-fate": rule["fate"],
                }
            )
        data.update(changes)
        return data

    def test_a_change_is_versioned_and_the_past_can_be_shown(self):
        (record,) = self.build("dossier-patient")
        client = self.client_for(self.titulaire)
        first_text = record.retention[0]["what"]
        response = client.post(
            self.url("processing_edit", record.pk),
            self.form(
                record,
                **{
                    "t-title": "Dossiers des patients du cabinet",
                    "conservation-0-active_value": "6",
                },
            ),
        )
        self.assertRedirects(response, self.url("home"))
        record.refresh_from_db()
        self.assertEqual(record.title, "Dossiers des patients du cabinet")
        self.assertEqual(record.retention[0]["active"]["value"], 6)
        self.assertTrue(record.retention[0]["changed"])
        self.assertEqual(record.retention[0]["what"], first_text)
        versions = list(Version.objects.filter(org=self.org).order_by("number"))
        self.assertEqual([v.number for v in versions], [1, 2])
        # The first version still says what the register said then.
        Version.objects.filter(pk=versions[0].pk).update(at=timezone.now() - timedelta(days=10))
        day = (timezone.localtime() - timedelta(days=5)).date().isoformat()
        past = client.get(self.url("home") + f"?date={day}")
        self.assertContains(past, "version 1")
        self.assertNotContains(past, "Dossiers des patients du cabinet")
        self.assertContains(client.get(self.url("history")), "Traitement modifié")
        # Before the register existed: said, not an error.
        old = client.get(self.url("home") + "?date=2001-01-01", follow=True)
        self.assertContains(old, "existait pas encore le 01/01/2001")

    def test_a_changed_rule_keeps_what_the_form_does_not_show(self):
        (record,) = self.build("dossier-patient")
        i = next(i for i, r in enumerate(record.retention) if r.get("minors_until"))
        self.client_for(self.titulaire).post(
            self.url("processing_edit", record.pk),
            self.form(record, **{f"conservation-{i}-active_value": "6"}),
        )
        record.refresh_from_db()
        rule = record.retention[i]
        self.assertEqual((rule["active"]["value"], rule["changed"]), (6, True))
        self.assertEqual((rule["minors_until"], rule["verified"]), (28, False))
        page = self.client_for(self.titulaire).get(self.url("home"))
        self.assertContains(page, "règle non vérifiée")

    def test_a_rule_is_removed_or_added_and_the_untouched_one_kept_as_it_was(self):
        (record,) = self.build("dossier-patient")
        first, second = record.retention[:2]
        response = self.client_for(self.titulaire).post(
            self.url("processing_edit", record.pk),
            self.form(
                record,
                **{
                    "conservation-1-DELETE": "on",
                    f"conservation-{len(record.retention)}-what": "Photos des plaies",
                    f"conservation-{len(record.retention)}-active_value": "2",
                    f"conservation-{len(record.retention)}-active_unit": "years",
                    f"conservation-{len(record.retention)}-starts": "la fin des soins",
                    f"conservation-{len(record.retention)}-fate": "destruction",
                },
            ),
        )
        self.assertRedirects(response, self.url("home"))
        record.refresh_from_db()
        self.assertEqual(record.retention[0], first)
        self.assertNotIn(second, record.retention)
        added = record.retention[-1]
        self.assertEqual(added["what"], "Photos des plaies")
        self.assertEqual(added["note"], "Règle fixée par le cabinet.")
        self.assertEqual(len(record.retention), len([first, added]))

    def test_bad_input_is_refused_and_nothing_changes(self):
        (record,) = self.build("dossier-patient")
        client = self.client_for(self.titulaire)
        response = client.post(
            self.url("processing_edit", record.pk),
            self.form(record, **{"t-title": "", "conservation-0-active_value": "-3"}),
        )
        self.assertEqual(response.status_code, 400)
        record.refresh_from_db()
        self.assertEqual(record.retention[0]["active"]["value"], 5)
        self.assertEqual(Version.objects.filter(org=self.org).count(), 1)
