"""Each reflex says, once ticked, what was done: a statement in the past for
the CNIL notification and the breach register, not the order it gave."""

from __future__ import annotations

import copy
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.test import TestCase
from django.utils import timezone
from jsonschema import Draft202012Validator

from hygie.content import library
from hygie.content.loader import item_schema, kinds
from hygie.incidents import actions
from hygie.incidents.models import EntryKind, TimelineEntry
from hygie.tests.base import BaseTestCase

PAST = re.compile(r"\b(a|ont) (été|fait)\b")


def reflexes():
    for kind in library.items("incident-types"):
        for reflex in kind["reflexes"]:
            yield kind["id"], reflex


class ShippedStatementsTestCase(TestCase):
    def test_every_reflex_has_a_statement_in_the_past(self):
        for kind, reflex in reflexes():
            with self.subTest(kind=kind, reflex=reflex["id"]):
                done = reflex["done"]
                self.assertRegex(done, PAST)
                self.assertNotEqual(done.rstrip("."), reflex["text"].rstrip("."))
                # Not an order (« Débranchez… »), and not addressed to the reader.
                self.assertNotRegex(done, r"(?i)\b(?!chez\b)\w+ez\b")
                self.assertNotRegex(done, r"(?i)\b(vous|votre|vos)\b")

    def test_the_schema_asks_for_it_and_for_no_final_stop(self):
        validator = Draft202012Validator(item_schema(kinds()["incident_type"], "incident_type"))
        item = copy.deepcopy(library.get("incident-types", "rancongiciel"))
        item.pop("verified", None)
        self.assertEqual(list(validator.iter_errors(item)), [])
        del item["reflexes"][0]["done"]
        self.assertTrue(any("done" in e.message for e in validator.iter_errors(item)))
        item["reflexes"][0]["done"] = "L'ordinateur a été laissé allumé."
        self.assertTrue(list(validator.iter_errors(item)))
        item["reflexes"][0]["done"] = "l'ordinateur a été laissé allumé"
        self.assertTrue(list(validator.iter_errors(item)))


class MeasuresTakenTestCase(BaseTestCase):
    def test_the_ticked_reflexes_are_said_as_done_with_their_time(self):
        paris = ZoneInfo("Europe/Paris")
        aware = timezone.now().astimezone(paris).replace(hour=9, minute=0) - timedelta(days=1)
        incident = actions.declare(
            self.org, kind="rancongiciel", discovered_at=aware, actor=self.titulaire
        )
        for reflex, at in [
            ("couper-le-reseau", aware.replace(hour=10, minute=12)),
            ("appeler-le-prestataire", aware + timedelta(days=1, minutes=5)),
        ]:
            TimelineEntry.objects.create(
                incident=incident, kind=EntryKind.REFLEX, reflex=reflex, text="…", at=at
            )
        next_day = timezone.localtime(aware + timedelta(days=1))
        self.assertEqual(
            actions.measures_taken(incident),
            [
                "L'ordinateur a été déconnecté du réseau (câble débranché, Wi-Fi désactivé) "
                "à 10 h 12.",
                f"Le prestataire informatique a été appelé le {next_day:%d/%m/%Y} à 9 h 05.",
            ],
        )

    def test_the_timeline_says_what_was_done_not_the_order(self):
        incident = actions.declare(
            self.org, kind="rancongiciel", discovered_at=timezone.now(), actor=self.titulaire
        )
        actions.tick_reflex(incident, "couper-le-reseau", actor=self.titulaire)
        entry = incident.timeline.get(kind=EntryKind.REFLEX)
        self.assertEqual(
            entry.text,
            "L'ordinateur a été déconnecté du réseau (câble débranché, Wi-Fi désactivé).",
        )
