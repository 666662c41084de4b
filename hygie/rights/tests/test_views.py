"""Patients' requests, by persona: logged, followed, answered, refused, extended, purged."""

import csv
import io
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hygie.deadlines.models import Deadline, Status
from hygie.journal.models import Entry
from hygie.law.days import add_months
from hygie.lib.dates import PARIS
from hygie.rights import actions
from hygie.rights.models import PatientRequest, RequestEvent, RetentionPolicy
from hygie.tests.base import BaseTestCase
from hygie.tests.readback import pdf_text


class RequestsTestCase(BaseTestCase):
    def url(self, name, *args):
        return reverse(f"rights:{name}", args=[self.org.code, *args])

    def client_for(self, user):
        client = Client()
        client.force_login(user)
        return client

    def log(self, user=None, **data):
        received = data.pop("received", timezone.localtime() - timedelta(days=3))
        form = {
            "day": received.date().isoformat(),
            "hour": received.strftime("%H:%M"),
            "channel": "guichet",
            "right": "dossier",
            "record_age": "recent",
            "requester_kind": "patient",
            "requester_name": "Jeanne Durand",
            "requester_contact": "06 00 00 00 00",
            **data,
        }
        return self.client_for(user or self.secretaire).post(self.url("new"), form)

    def answer(self, item, content: str) -> None:
        actions.answer(
            item,
            at=timezone.now(),
            means="Courrier simple",
            content=content,
            actor=self.titulaire,
        )

    def deadlines_of(self, item):
        return Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(PatientRequest),
            subject_id=str(item.pk),
        )


class LoggingTestCase(RequestsTestCase):
    def test_the_secretary_logs_a_request_and_its_clock_starts(self):
        response = self.log()
        item = PatientRequest.objects.get()
        self.assertRedirects(response, self.url("detail", item.pk))
        self.assertEqual(item.logged_by, self.secretaire)
        # CSP L1111-7: 8 days from receipt; the échéance is the last working day before.
        (deadline,) = self.deadlines_of(item)
        self.assertEqual(deadline.key, "dossier")
        self.assertEqual(deadline.due_at, item.limit().send_by())
        self.assertEqual(deadline.permission, "rights.view")
        page = self.client_for(self.secretaire).get(self.url("detail", item.pk))
        self.assertContains(page, "délai de réflexion de 48 heures")
        self.assertContains(page, "CSP, art. L1111-7")
        self.assertContains(page, "data-countdown")
        # The secretary follows it, but the decision is a practitioner's.
        self.assertNotContains(page, self.url("answer", item.pk))
        self.assertEqual(
            self.client_for(self.secretaire).get(self.url("answer", item.pk)).status_code, 403
        )

    def test_the_8_days_are_recalled_4_days_and_1_day_before(self):
        self.log(received=timezone.localtime() - timedelta(hours=1))
        (deadline,) = self.deadlines_of(PatientRequest.objects.get())
        before = sorted(
            deadline.due_at - r.send_at for r in deadline.reminders.filter(kind="before")
        )
        self.assertEqual(before, [timedelta(hours=24), timedelta(hours=96)])
        self.assertTrue(deadline.reminders.filter(kind="due", send_at=deadline.due_at).exists())

    def test_the_journal_never_names_the_requester(self):
        self.log()
        details = " ".join(str(e.details) for e in Entry.objects.filter(org_id=self.org.pk))
        self.assertIn("Demande reçue", details)
        self.assertNotIn("Durand", details)

    def test_bad_input_is_refused_in_french_and_nothing_is_kept(self):
        tomorrow = timezone.localtime() + timedelta(days=1)
        cases = [
            ({"received": tomorrow}, "ne peut pas être dans le futur"),
            ({"record_age": ""}, "le délai en dépend"),
            ({"requester_kind": "ayant_droit"}, "Indiquez le nom du patient"),
            ({"requester_name": ""}, "obligatoire"),
            ({"right": "inconnu"}, "Sélectionnez un choix valide"),
            ({"requester_name": "x" * 201}, "200 caractères"),
        ]
        for data, message in cases:
            with self.subTest(message):
                response = self.log(**data)
                self.assertContains(response, message, status_code=400)
        self.assertFalse(PatientRequest.objects.exists())
        self.assertFalse(Deadline.objects.exists())

    def test_other_rights_have_one_month(self):
        self.log(right="effacement", record_age="")
        item = PatientRequest.objects.get()
        self.assertEqual(item.record_age, "")
        (deadline,) = self.deadlines_of(item)
        self.assertEqual(deadline.key, "reponse")
        self.assertContains(
            self.client_for(self.titulaire).get(self.url("detail", item.pk)),
            "RGPD, art. 12(3) et 17",
        )

    def test_a_mixed_record_has_two_echeances_both_done_by_the_answer(self):
        self.log(record_age="mixte")
        item = PatientRequest.objects.get()
        found = {d.key: d for d in self.deadlines_of(item)}
        self.assertEqual(set(found), {"dossier", "dossier-ancien"})
        self.assertEqual(found["dossier"].rule, "csp-acces-dossier")
        self.assertEqual(found["dossier-ancien"].rule, "csp-acces-dossier-ancien")
        # CSP L1111-7: 8 days for the recent part, 2 months for the rest.
        self.assertLess(found["dossier"].due_at, found["dossier-ancien"].due_at)
        self.answer(item, "Copie du dossier")
        self.assertEqual(
            set(self.deadlines_of(item).values_list("status", flat=True)), {Status.DONE}
        )

    def test_the_year_of_receipt_is_counted_in_paris_time(self):
        # 31 December, 23:30 in Paris is 22:30 UTC, and 1 January east of Paris:
        # the dashboard and the export both count it in its Paris year.
        year = timezone.localdate().year - 1
        self.log(received=datetime(year, 12, 31, 23, 30, tzinfo=PARIS))
        item = PatientRequest.objects.get()
        client = self.client_for(self.titulaire)
        (figures,) = client.get(self.url("dashboard")).context["years"]
        self.assertEqual((figures.year, figures.received), (year, 1))
        export = client.get(self.url("export", year)).content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(export), delimiter=";"))
        self.assertEqual([r[0] for r in rows[1:]], [str(item.pk)])
        self.assertEqual(rows[1][1], f"31/12/{year} 23:30")

    def test_outsiders_get_404(self):
        self.log()
        item = PatientRequest.objects.get()
        for name in ("detail", "answer", "refuse", "extend"):
            with self.subTest(name):
                response = self.client_for(self.outsider).get(self.url(name, item.pk))
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.client_for(self.outsider).get(self.url("dashboard")).status_code, 404)


class AnsweringTestCase(RequestsTestCase):
    def test_identity_then_answer_on_time(self):
        self.log()
        item = PatientRequest.objects.get()
        client = self.client_for(self.secretaire)
        client.post(self.url("identity", item.pk), {"how": "Pièce d'identité présentée au cabinet"})
        item.refresh_from_db()
        self.assertEqual(item.status, "identite")

        client = self.client_for(self.titulaire)
        response = client.post(
            self.url("answer", item.pk),
            {
                "day": timezone.localdate().isoformat(),
                "hour": "",
                "means": "Remise en main propre au cabinet",
                "content": "Copie du dossier de 2021 à 2026, 12 pages",
            },
        )
        self.assertRedirects(response, self.url("detail", item.pk))
        item.refresh_from_db()
        self.assertEqual(item.status, "repondue")
        self.assertTrue(item.on_time())
        self.assertEqual(self.deadlines_of(item).get().status, Status.DONE)
        kinds = list(item.events.values_list("kind", flat=True))
        self.assertEqual(kinds, ["recue", "identite", "repondue"])

        dashboard = client.get(self.url("dashboard"))
        self.assertEqual(dashboard.context["years"][0].on_time, 1)
        self.assertContains(dashboard, "(100 %)")

        year = timezone.localtime(item.received_at).year
        export = client.get(self.url("export", year))
        rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
        self.assertEqual(rows[1][0], str(item.pk))
        self.assertEqual(rows[1][-2], "oui")
        self.assertNotIn("Durand", export.content.decode("utf-8-sig"))

    def test_no_record_before_the_48_hour_reflection(self):
        # CSP L1111-7: « au plus tôt après qu'un délai de réflexion de quarante-huit heures ».
        self.log(received=timezone.localtime() - timedelta(hours=2))
        item = PatientRequest.objects.get()
        response = self.client_for(self.praticien).post(
            self.url("answer", item.pk),
            {
                "day": timezone.localdate().isoformat(),
                "hour": timezone.localtime().strftime("%H:%M"),
                "means": "Courrier simple",
                "content": "Copie du dossier",
            },
        )
        self.assertContains(response, "délai de réflexion de 48 heures", status_code=400)
        item.refresh_from_db()
        self.assertEqual(item.status, "recue")

    def test_a_late_answer_counts_as_late(self):
        self.log(received=timezone.localtime() - timedelta(days=30))
        item = PatientRequest.objects.get()
        self.client_for(self.titulaire).post(
            self.url("answer", item.pk),
            {
                "day": timezone.localdate().isoformat(),
                "means": "Courrier simple",
                "content": "Copie du dossier",
            },
        )
        item.refresh_from_db()
        self.assertFalse(item.on_time())
        self.assertEqual(
            self.client_for(self.titulaire).get(self.url("dashboard")).context["years"][0].on_time,
            0,
        )

    def test_refusal_with_its_ground_and_letter(self):
        self.log(right="effacement", record_age="")
        item = PatientRequest.objects.get()
        client = self.client_for(self.titulaire)
        # A ground of another right is refused.
        response = client.post(
            self.url("refuse", item.pk),
            {"day": timezone.localdate().isoformat(), "ground": "tiers", "detail": ""},
        )
        self.assertEqual(response.status_code, 400)
        client.post(
            self.url("refuse", item.pk),
            {
                "day": timezone.localdate().isoformat(),
                "ground": "conservation",
                "detail": "Le dossier est conservé vingt ans.",
            },
        )
        item.refresh_from_db()
        self.assertEqual(item.status, "refusee")
        letter = client.post(self.url("letter", item.pk, "refus"))
        text = pdf_text(letter.content)
        self.assertIn("RGPD, art. 17(3)(b)", text)
        self.assertIn("réclamation auprès de la Commission nationale", text)
        self.assertIn("12(4)", text)
        self.assertTrue(item.events.filter(kind="courrier", text="Refus motivé").exists())


class ExtendingTestCase(RequestsTestCase):
    def test_an_rgpd_request_is_extended_within_the_first_month(self):
        self.log(right="rectification", record_age="")
        item = PatientRequest.objects.get()
        first = self.deadlines_of(item).get().due_at
        self.client_for(self.titulaire).post(
            self.url("extend", item.pk), {"reason": "Nombreuses pièces à rechercher."}
        )
        item.refresh_from_db()
        self.assertEqual(item.status, "prolongee")
        later = self.deadlines_of(item).get()
        self.assertGreater(later.due_at, first + timedelta(days=58))
        text = pdf_text(
            self.client_for(self.secretaire)
            .post(self.url("letter", item.pk, "prolongation"))
            .content
        )
        self.assertIn("Nombreuses pièces à rechercher.", text)
        self.assertIn("12(3)", text)

    def test_the_extension_is_offered_only_while_it_is_possible(self):
        self.log(right="rectification", record_age="")
        self.log()
        rgpd, record = PatientRequest.objects.order_by("pk")
        client = self.client_for(self.titulaire)
        now = timezone.now()
        self.assertTrue(rgpd.extendable(now))
        self.assertContains(client.get(self.url("detail", rgpd.pk)), self.url("extend", rgpd.pk))
        self.assertFalse(record.extendable(now))
        self.assertNotContains(
            client.get(self.url("detail", record.pk)), self.url("extend", record.pk)
        )
        self.assertFalse(rgpd.extendable(now + timedelta(days=32)))
        actions.extend(rgpd, "Nombreuses pièces.", actor=self.titulaire)
        self.assertFalse(rgpd.extendable(now))

    def test_the_record_and_late_requests_cannot_be_extended(self):
        self.log()
        record = PatientRequest.objects.get()
        response = self.client_for(self.titulaire).post(
            self.url("extend", record.pk), {"reason": "Trop de pages."}
        )
        self.assertContains(response, "ne se prolonge pas", status_code=400)
        self.log(
            right="opposition", record_age="", received=timezone.localtime() - timedelta(days=40)
        )
        late = PatientRequest.objects.latest("pk")
        response = self.client_for(self.titulaire).post(
            self.url("extend", late.pk), {"reason": "Trop de pages."}
        )
        self.assertContains(response, "Trop tard pour prolonger", status_code=400)
        # RGPD art. 12(3): announced within the month following receipt.
        last_day = add_months(timezone.localtime(late.received_at).date(), 1)
        self.assertContains(response, f"au plus tard le {last_day:%d/%m/%Y}", status_code=400)
        self.assertIsNone(PatientRequest.objects.get(pk=late.pk).extended_at)


class LettersTestCase(RequestsTestCase):
    def test_each_letter_cites_its_legal_basis(self):
        self.log(requester_kind="representant", patient_name="Léo Durand")
        item = PatientRequest.objects.get()
        client = self.client_for(self.secretaire)
        cases = [
            ("accuse", ["L1111-7", "quarante-huit heures", "R1111-1"]),
            ("identite", ["R1111-1", "12(6)", "représentant légal"]),
        ]
        for kind, expected in cases:
            with self.subTest(kind):
                response = client.post(self.url("letter", item.pk, kind))
                self.assertEqual(response["Content-Type"], "application/pdf")
                text = pdf_text(response.content)
                for words in expected:
                    self.assertIn(words, text)
        # Letters that do not apply yet are not available.
        self.assertEqual(client.post(self.url("letter", item.pk, "reponse")).status_code, 404)
        self.assertEqual(client.post(self.url("letter", item.pk, "inconnu")).status_code, 404)
        self.assertEqual(client.get(self.url("letter", item.pk, "accuse")).status_code, 405)

    def test_the_rgpd_answer_letter_cites_the_right_s_article(self):
        self.log(right="rectification", record_age="")
        item = PatientRequest.objects.get()
        self.answer(item, "Adresse corrigée")
        text = pdf_text(
            self.client_for(self.secretaire).post(self.url("letter", item.pk, "reponse")).content
        )
        self.assertIn("en application de l'article 16 du RGPD", text)

    def test_a_letter_names_the_right_as_french_writes_it(self):
        for right, age, asked in [
            ("dossier", "recent", "votre demande d'accès au dossier médical"),
            ("acces", "", "votre demande d'accès aux données personnelles"),
            ("rectification", "", "votre demande de rectification des données"),
            ("effacement", "", "votre demande d'effacement des données"),
            ("limitation", "", "votre demande de limitation du traitement des données"),
            ("portabilite", "", "votre demande de portabilité des données"),
            ("opposition", "", "votre demande d'opposition au traitement des données"),
        ]:
            with self.subTest(right):
                self.log(right=right, record_age=age)
                item = PatientRequest.objects.latest("pk")
                letter = self.client_for(self.secretaire).post(
                    self.url("letter", item.pk, "accuse")
                )
                self.assertIn(asked, pdf_text(letter.content))

    def test_a_letter_carries_the_practice_s_postal_address(self):
        self.org.address = "12 rue des Tilleuls\n69003 Lyon"
        self.org.save()
        self.log()
        item = PatientRequest.objects.get()
        letter = self.client_for(self.secretaire).post(self.url("letter", item.pk, "accuse"))
        self.assertIn(
            "Cabinet du Dr Martin 12 rue des Tilleuls 69003 Lyon", pdf_text(letter.content)
        )

    def test_the_letters_say_where_to_add_a_missing_address(self):
        self.log()
        item = PatientRequest.objects.get()
        page = self.client_for(self.titulaire).get(self.url("detail", item.pk))
        self.assertContains(page, "n'indiquent pas l'adresse postale du cabinet")
        self.assertContains(page, reverse("orgs:settings", args=[self.org.code]))
        secretary = self.client_for(self.secretaire).get(self.url("detail", item.pk))
        self.assertContains(secretary, "Demandez au titulaire")
        self.org.address = "12 rue des Tilleuls\n69003 Lyon"
        self.org.save()
        page = self.client_for(self.titulaire).get(self.url("detail", item.pk))
        self.assertNotContains(page, "n'indiquent pas l'adresse postale du cabinet")


class RetentionTestCase(RequestsTestCase):
    def test_closed_requests_go_after_the_stated_period(self):
        self.log()
        old = PatientRequest.objects.get()
        actions.refuse(old, ground="identite", detail="", at=timezone.now(), actor=self.titulaire)
        self.log()  # still open: kept whatever its age
        PatientRequest.objects.filter(pk=old.pk).update(
            closed_at=timezone.now() - timedelta(days=400)
        )
        call_command("droits", "purger", stdout=io.StringIO())
        # No period stated: nothing goes.
        self.assertEqual(PatientRequest.objects.count(), 2)

        self.assertEqual(
            self.client_for(self.praticien)
            .post(self.url("retention"), {"months": 12, "ground": "Preuve"})
            .status_code,
            403,
        )
        self.client_for(self.titulaire).post(
            self.url("retention"), {"months": 12, "ground": "Prouver nos réponses à la CNIL."}
        )
        self.assertEqual(RetentionPolicy.objects.get(org=self.org).months, 12)
        kind = ContentType.objects.get_for_model(PatientRequest)
        self.assertTrue(Deadline.objects.filter(subject_type=kind, subject_id=str(old.pk)))
        out = io.StringIO()
        call_command("droits", "purger", stdout=out)
        self.assertIn("1 demande close supprimée.", out.getvalue())
        self.assertFalse(PatientRequest.objects.filter(pk=old.pk).exists())
        self.assertFalse(RequestEvent.objects.filter(request_id=old.pk).exists())
        self.assertFalse(Deadline.objects.filter(subject_type=kind, subject_id=str(old.pk)))
        self.assertEqual(PatientRequest.objects.count(), 1)
        self.assertTrue(Entry.objects.filter(action="rights.purged", org_id=self.org.pk).exists())


class StepsTestCase(RequestsTestCase):
    def test_a_step_is_never_changed(self):
        self.log()
        event = RequestEvent.objects.get()
        event.text = "Reçue un autre jour."
        with self.assertRaises(PermissionError):
            event.save()
        self.assertNotEqual(RequestEvent.objects.get().text, "Reçue un autre jour.")

    def test_a_correction_is_a_note_added_to_the_history(self):
        self.log()
        item = PatientRequest.objects.get()
        url = self.url("note", item.pk)
        self.assertEqual(
            self.client_for(self.outsider).post(url, {"text": "Intrus"}).status_code, 404
        )
        refused = self.client_for(self.secretaire).post(url, {"text": "  "}, follow=True)
        self.assertContains(refused, "Écrivez la note")
        self.client_for(self.secretaire).post(url, {"text": "Reçue le 3, pas le 4."})
        notes = RequestEvent.objects.filter(request=item, kind="note")
        self.assertEqual([n.text for n in notes], ["Reçue le 3, pas le 4."])
        self.assertEqual(notes[0].author, self.secretaire)
        self.assertTrue(Entry.objects.filter(action="rights.note", org_id=self.org.pk).exists())
        page = self.client_for(self.secretaire).get(self.url("detail", item.pk))
        self.assertContains(page, "Reçue le 3, pas le 4.")
