"""Recording that an obligation was met: it closes its clock, is told in the
timeline, the breach register and the closing report, and is never changed."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from hygie.deadlines.models import Deadline, Status
from hygie.incidents import actions
from hygie.incidents.models import Channel, EntryKind, Fulfilment, Incident
from hygie.journal.models import Entry
from hygie.law.incident import Risk, State
from hygie.tests.base import BaseTestCase


def local(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y à %H:%M}"


class FulfilmentTestCase(BaseTestCase):
    def setUp(self):
        self.aware = (timezone.now() - timedelta(hours=30)).replace(second=0, microsecond=0)
        self.incident = actions.declare(
            self.org, kind="rancongiciel", discovered_at=self.aware, actor=self.titulaire
        )
        # A high risk to the persons, an insurance contract of 5 working days.
        actions.qualify(
            self.incident,
            {"risk": Risk.HIGH, "insurer_days": 5, "data_categories": "Dossiers"},
            actor=self.titulaire,
        )

    def deadline(self, key: str) -> Deadline | None:
        return Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(Incident),
            subject_id=str(self.incident.pk),
            key=key,
        ).first()

    def fulfil(self, key: str, **values) -> Fulfilment:
        values.setdefault("done_at", self.aware + timedelta(hours=10))
        values.setdefault("evidence", "Accusé de réception dans le dossier de l'incident.")
        return actions.fulfil(self.incident, key, actor=self.praticien, **values)


class WhatClosesTestCase(FulfilmentTestCase):
    # (obligation, its values, whether it has a clock that closes as done)
    CASES = [
        ("cnil", {"reference": "2026-0042"}, True),  # RGPD art. 33(1)
        ("plainte", {"channel": Channel.GENDARMERIE, "reference": "R-17"}, True),  # L12-10-1
        ("assureur", {"reference": "SIN-88"}, True),  # L113-2 (4°) and the contract
        ("personnes", {"channel": Channel.COURRIER}, False),  # art. 34: no fixed time
        ("signalement", {}, False),  # CSP L1111-8-2: voluntary for a cabinet
        ("registre", {"evidence": ""}, False),  # art. 33(5)
    ]

    def test_each_obligation_met_is_done_and_its_clock_closed_as_done(self):
        for key, values, clock in self.CASES:
            with self.subTest(key):
                before = self.deadline(key)
                self.assertEqual(before is not None, clock)
                if clock:
                    self.assertEqual(before.status, Status.OPEN)
                record = self.fulfil(key, **values)
                duty = Incident.objects.get(pk=self.incident.pk).duty(key)
                self.assertEqual(duty.state, State.DONE)
                self.assertEqual(duty.current, record)
                if clock:
                    after = self.deadline(key)
                    self.assertEqual(after.status, Status.DONE)  # not cancelled
                    self.assertEqual(after.closed_by, self.praticien)
                    self.assertEqual(duty.standing.on_time, True)

    def test_the_other_clocks_stay_open(self):
        self.fulfil("cnil", reference="2026-0042")
        self.assertEqual(self.deadline("plainte").status, Status.OPEN)
        self.assertEqual(self.deadline("assureur").status, Status.OPEN)

    def test_it_is_told_in_the_timeline_and_the_journal(self):
        self.fulfil("plainte", channel=Channel.EN_LIGNE, reference="R-17")
        entry = self.incident.timeline.get(kind=EntryKind.FULFILLED)
        self.assertEqual(entry.author, self.praticien)
        self.assertIn(
            f"Plainte déposée le {local(self.aware + timedelta(hours=10))} en ligne, "
            "récépissé n° R-17.",
            entry.text,
        )
        self.assertIn("Preuve : Accusé de réception", entry.text)
        journal = Entry.objects.get(action="incident.entry", details__entrée=entry.pk)
        self.assertIn("Plainte déposée", journal.details["texte"])

    def test_a_requalification_keeps_a_met_clock_done(self):
        self.fulfil("cnil", reference="2026-0042")
        actions.qualify(self.incident, {"persons": 40}, actor=self.titulaire)
        self.assertEqual(self.deadline("cnil").status, Status.DONE)

    def test_closing_the_incident_cancels_only_the_clocks_not_met(self):
        self.fulfil("cnil", reference="2026-0042")
        actions.close(
            self.incident,
            "Sauvegardes à déconnecter.",
            unmet_reason="Plainte déposée par le prestataire.",
            actor=self.titulaire,
        )
        self.assertEqual(self.deadline("cnil").status, Status.DONE)
        self.assertEqual(self.deadline("plainte").status, Status.CANCELLED)

    def test_a_voluntary_report_is_done_though_not_required(self):
        duty = self.incident.duty("signalement")
        self.assertEqual(duty.state, State.NOT_REQUIRED)
        self.fulfil("signalement", reference="")
        self.assertEqual(self.incident.duty("signalement").state, State.DONE)


class RefusedTestCase(FulfilmentTestCase):
    def assertRefused(self, key: str, field: str, message: str, **values) -> None:
        timeline = self.incident.timeline.count()
        with self.assertRaises(actions.FulfilmentError) as refused:
            self.fulfil(key, **values)
        self.assertIn(message, refused.exception.errors[field])
        # Nothing half-written.
        self.assertFalse(Fulfilment.objects.exists())
        self.assertEqual(self.incident.timeline.count(), timeline)
        self.assertEqual(self.deadline("cnil").status, Status.OPEN)

    def test_before_the_discovery_is_refused(self):
        self.assertRefused(
            "cnil",
            "done_date",
            "précède la découverte",
            reference="1",
            done_at=self.aware - timedelta(minutes=1),
        )

    def test_the_future_is_refused(self):
        self.assertRefused(
            "cnil",
            "done_date",
            "dans le futur",
            reference="1",
            done_at=timezone.now() + timedelta(hours=1),
        )

    def test_a_cnil_notification_needs_its_number(self):
        self.assertRefused("cnil", "reference", "Indiquez le n° de notification", reference=" ")

    def test_a_complaint_says_where(self):
        self.assertRefused("plainte", "channel", "Choisissez : où ?")

    def test_a_late_cnil_notification_needs_the_reasons_for_the_delay(self):
        # RGPD art. 33(1): after 72 hours, the notification gives its reasons.
        self.incident.discovered_at = timezone.now() - timedelta(hours=100)
        self.incident.save()
        late = timezone.now() - timedelta(hours=1)
        self.assertRefused("cnil", "delay_reasons", "art. 33(1)", reference="1", done_at=late)
        record = self.fulfil(
            "cnil", reference="1", done_at=late, delay_reasons="Ampleur connue au 4e jour."
        )
        self.assertEqual(record.delay_reasons, "Ampleur connue au 4e jour.")
        self.assertIs(self.incident.duty("cnil").standing.on_time, False)
        self.assertIn("Motifs du retard : Ampleur", self.incident.timeline.last().text)


class AppendOnlyTestCase(FulfilmentTestCase):
    def test_a_record_cannot_change_or_be_removed(self):
        record = self.fulfil("cnil", reference="2026-0042")
        record.reference = "autre"
        with self.assertRaises(PermissionError):
            record.save()
        with self.assertRaises(PermissionError):
            record.delete()
        with self.assertRaises(PermissionError):
            Fulfilment.objects.update(reference="autre")
        with self.assertRaises(PermissionError):
            Fulfilment.objects.all().delete()
        self.assertEqual(Fulfilment.objects.get().reference, "2026-0042")

    def test_a_correction_supersedes_the_record_and_keeps_it_in_the_history(self):
        first = self.fulfil("cnil", reference="2026-0042")
        second = self.fulfil("cnil", reference="2026-0043", done_at=first.done_at)
        self.assertEqual(second.supersedes, first)
        duty = self.incident.duty("cnil")
        self.assertEqual(duty.current, second)
        self.assertEqual(duty.earlier, [first])
        self.assertEqual(Fulfilment.objects.count(), 2)
        self.assertEqual(self.deadline("cnil").status, Status.DONE)
        correction = self.incident.timeline.filter(kind=EntryKind.FULFILLED).last()
        self.assertTrue(correction.text.startswith("Correction : CNIL notifiée"))
        self.assertIn("n° 2026-0043", correction.text)
        self.assertIn("Remplace « CNIL notifiée", correction.text)

    def test_a_record_is_superseded_once(self):
        from django.db import IntegrityError, transaction

        first = self.fulfil("cnil", reference="1")
        self.fulfil("cnil", reference="2")
        with self.assertRaises(IntegrityError), transaction.atomic():
            Fulfilment.objects.create(
                incident=self.incident, obligation="cnil", done_at=first.done_at, supersedes=first
            )


class PagesBase(FulfilmentTestCase):
    def client_for(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    def url(self, name: str, *args) -> str:
        return reverse(f"incidents:{name}", args=[self.org.code, *args])

    def form(self, when: datetime, **values) -> dict:
        local_when = timezone.localtime(when)
        return {
            "done_date": local_when.date().isoformat(),
            "done_time": local_when.strftime("%H:%M"),
            "evidence": "Accusé de réception enregistré.",
            **values,
        }


class PagesTestCase(PagesBase):
    def test_the_incident_page_shows_each_obligation_and_how_to_record_it(self):
        page = self.client_for(self.titulaire).get(self.url("detail", self.incident.pk))
        self.assertContains(page, 'id="obligation-cnil"')
        self.assertContains(page, self.url("fulfil", self.incident.pk, "cnil"))
        # CNIL, persons, complaint, insurer; the register is Hygie's own.
        self.assertContains(page, "C'est fait : l'enregistrer", count=4)

    def test_recorded_from_its_form_it_shows_done_beside_its_obligation(self):
        client = self.client_for(self.praticien)
        when = self.aware + timedelta(hours=5)
        response = client.post(
            self.url("fulfil", self.incident.pk, "cnil"), self.form(when, reference="2026-0042")
        )
        self.assertRedirects(response, self.url("detail", self.incident.pk) + "#obligation-cnil")
        page = client.get(self.url("detail", self.incident.pk))
        self.assertContains(page, f"Fait le {local(when)}, n° 2026-0042.")
        self.assertContains(page, "dans le délai")
        self.assertContains(page, "Corriger<span")

    def test_bad_input_is_named_and_nothing_is_written(self):
        client = self.client_for(self.titulaire)
        response = client.post(
            self.url("fulfil", self.incident.pk, "cnil"),
            self.form(self.aware - timedelta(hours=1), reference=""),
        )
        self.assertContains(response, "précède la découverte", status_code=400)
        self.assertContains(response, "Ce champ est obligatoire", status_code=400)
        response = client.post(
            self.url("fulfil", self.incident.pk, "plainte"), {"done_date": "demain"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Fulfilment.objects.exists())

    def test_a_correction_says_what_it_replaces(self):
        self.fulfil("cnil", reference="2026-0042")
        page = self.client_for(self.titulaire).get(self.url("fulfil", self.incident.pk, "cnil"))
        self.assertContains(page, "Corriger : Notifier la violation à la CNIL")
        self.assertContains(page, "Enregistré : CNIL notifiée")
        self.assertContains(page, "Enregistrer la correction")

    def test_who_may_record(self):
        url = self.url("fulfil", self.incident.pk, "cnil")
        self.assertEqual(self.client_for(self.secretaire).get(url).status_code, 403)
        self.assertEqual(self.client_for(self.outsider).get(url).status_code, 404)
        self.assertEqual(
            self.client_for(self.titulaire)
            .get(self.url("fulfil", self.incident.pk, "inconnue"))
            .status_code,
            404,
        )

    def test_marquer_comme_faite_in_echeances_leads_to_the_form(self):
        client = self.client_for(self.titulaire)
        form = self.url("fulfil", self.incident.pk, "cnil")
        listing = client.get(reverse("deadlines:list", args=[self.org.code]))
        self.assertContains(listing, f'<a class="btn btn--secondary btn--small" href="{form}">')
        # A click on the list's button does not close it without its evidence.
        done = reverse("deadlines:done", args=[self.org.code])
        response = client.post(done, {"pk": self.deadline("cnil").pk})
        self.assertRedirects(response, form, fetch_redirect_response=False)
        response = client.post(
            done, {"pk": self.deadline("cnil").pk}, headers={"HX-Request": "true"}
        )
        self.assertEqual(response["HX-Redirect"], form)
        self.assertEqual(self.deadline("cnil").status, Status.OPEN)

    def test_a_clock_met_is_not_reopened_by_a_click(self):
        self.fulfil("cnil", reference="2026-0042")
        reopen = reverse("deadlines:reopen", args=[self.org.code])
        response = self.client_for(self.titulaire).post(reopen, {"pk": self.deadline("cnil").pk})
        self.assertRedirects(
            response, self.url("detail", self.incident.pk), fetch_redirect_response=False
        )
        self.assertEqual(self.deadline("cnil").status, Status.DONE)


class RegisterTestCase(PagesBase):
    def test_the_register_says_when_the_cnil_was_notified_in_page_csv_and_pdf(self):
        when = self.aware + timedelta(hours=5)
        self.fulfil("cnil", reference="2026-0042", done_at=when)
        notified = f"Notifiée le {local(when)}, n° 2026-0042"
        persons_due = "À faire, sans délai excessif"
        client = self.client_for(self.titulaire)
        self.assertContains(client.get(self.url("register")), notified)
        self.assertContains(client.get(self.url("register")), persons_due)
        csv = client.get(self.url("register_export", "csv")).content.decode("utf-8-sig")
        self.assertIn(notified, csv)
        self.assertIn(persons_due, csv)
        pdf = client.get(self.url("register_export", "pdf")).content
        text = " ".join(
            " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split()
        )
        self.assertIn(notified, text)
        self.assertIn(persons_due, text)

    def test_the_register_says_what_is_not_required_and_what_is_to_do(self):
        client = self.client_for(self.titulaire)
        due = local(self.aware + timedelta(hours=72))
        csv = client.get(self.url("register_export", "csv")).content.decode("utf-8-sig")
        self.assertIn(f"À faire, avant le {due}", csv)
        actions.qualify(self.incident, {"risk": Risk.NONE}, actor=self.titulaire)
        csv = client.get(self.url("register_export", "csv")).content.decode("utf-8-sig")
        self.assertIn("Non requise — La violation n'est pas susceptible", csv)
        self.fulfil("personnes", channel=Channel.EMAIL)
        csv = client.get(self.url("register_export", "csv")).content.decode("utf-8-sig")
        self.assertIn("Informées le", csv)
        self.assertIn("par e-mail", csv)

    def test_the_closing_report_tells_each_record_and_its_corrections(self):
        first = self.fulfil("plainte", channel=Channel.COMMISSARIAT, reference="R-1")
        self.fulfil("plainte", channel=Channel.GENDARMERIE, reference="R-2", done_at=first.done_at)
        actions.close(
            self.incident,
            "Plainte à déposer plus tôt.",
            unmet_reason="Notification et information faites par le DPO.",
            actor=self.titulaire,
        )
        pdf = self.client_for(self.titulaire).get(self.url("closing_report", self.incident.pk))
        text = " ".join(
            " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split()
        )
        self.assertIn(f"Déposée le {local(first.done_at)} à la gendarmerie, récépissé n° R-2", text)
        self.assertIn("Remplace : Plainte déposée", text)
        self.assertIn("au commissariat, récépissé n° R-1", text)
