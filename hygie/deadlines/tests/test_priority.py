"""The order of deadlines: legal clocks first, then routine work by urgency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.test import SimpleTestCase
from django.utils import timezone

from hygie.deadlines import models, priority
from hygie.deadlines.actions import set_deadline
from hygie.deadlines.priority import Level
from hygie.tests.base import BaseTestCase

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
CNIL = "rgpd-33-notification-cnil"  # RGPD art. 33(1): 72 hours
RECORD = "csp-acces-dossier"  # CSP L1111-7: 8 days
RGPD_12 = "rgpd-12-reponse-droits"  # RGPD art. 12(3): one month


@dataclass
class Item:
    title: str
    rule: str
    due_at: datetime


def hours(n: float) -> datetime:
    return NOW + timedelta(hours=n)


class LevelTests(SimpleTestCase):
    def test_each_deadline_gets_its_level(self):
        table = [
            # (rule, due in hours, level)
            (CNIL, 31, Level.LEGAL),
            (CNIL, -2, Level.LEGAL),  # a legal clock already passed stays first
            (RGPD_12, 24 * 25, Level.LEGAL),  # even a month away
            ("", -24, Level.OVERDUE),
            ("", 0, Level.OVERDUE),  # due now
            ("", 1, Level.SOON),
            ("", 24 * 7, Level.SOON),  # exactly 7 days
            ("", 24 * 7 + 1, Level.LATER),
        ]
        for rule, h, expected in table:
            with self.subTest(rule=rule, hours=h):
                self.assertEqual(
                    priority.level(legal=bool(rule), due_at=hours(h), now=NOW), expected
                )

    def test_routine_urgency_uses_the_same_seven_days_as_the_model(self):
        self.assertEqual(priority.SOON, models.SOON)


class OrderTests(SimpleTestCase):
    def test_a_legal_clock_comes_before_any_routine_deadline_even_an_overdue_one(self):
        items = [
            Item("Tester la sauvegarde", "", hours(24 * 3)),
            Item("Mettre à jour la liste des accès", "", hours(-48)),
            Item("Renouveler le certificat", "", hours(24 * 60)),
            Item("Répondre à la demande d'effacement", RGPD_12, hours(24 * 20)),
            Item("Communiquer le dossier", RECORD, hours(24 * 5)),
            Item("Notifier la CNIL", CNIL, hours(31)),
            Item("Changer le mot de passe du Wi-Fi", "", hours(-1)),
        ]
        self.assertEqual(
            [i.title for i in priority.by_priority(items, NOW)],
            [
                "Notifier la CNIL",
                "Communiquer le dossier",
                "Répondre à la demande d'effacement",
                "Mettre à jour la liste des accès",
                "Changer le mot de passe du Wi-Fi",
                "Tester la sauvegarde",
                "Renouveler le certificat",
            ],
        )

    def test_every_legal_clock_is_urgent_and_routine_work_only_within_seven_days(self):
        table = [
            (CNIL, 24 * 30, True),
            ("", -1, True),
            ("", 24 * 6, True),
            ("", 24 * 8, False),
        ]
        for rule, h, expected in table:
            with self.subTest(rule=rule, hours=h):
                self.assertEqual(priority.is_urgent(Item("x", rule, hours(h)), NOW), expected)


class HoursLeftTests(SimpleTestCase):
    def test_hours_are_counted_down_under_seventy_two(self):
        table = [
            # (due in hours, hours shown)
            (72, None),
            (71.99, 71),
            (31.5, 31),
            (1, 1),
            (0.5, 0),
            (-3, 0),
            (24 * 5, None),
        ]
        for h, expected in table:
            with self.subTest(hours=h):
                self.assertEqual(priority.hours_left(hours(h), NOW), expected)


class ListOrderTests(BaseTestCase):
    def test_the_deadlines_page_lists_legal_clocks_first_too(self):
        now = timezone.now()
        set_deadline(org=self.org, title="Mettre à jour les accès", due_at=now - timedelta(days=2))
        set_deadline(
            org=self.org,
            title="Notifier la CNIL",
            due_at=now + timedelta(hours=31),
            rule=CNIL,
        )
        self.login(self.titulaire)
        r = self.client.get(f"/o/{self.org.code}/echeances/")
        self.assertEqual(
            [d.title for d in r.context["rows"]], ["Notifier la CNIL", "Mettre à jour les accès"]
        )


class UrgencyLabelTests(SimpleTestCase):
    def test_each_deadline_is_said_as_the_page_and_its_exports_say_it(self):
        table = [
            # (legal, due in hours, words)
            (True, -2, "Délai légal dépassé"),  # RGPD art. 33(1): 72 hours passed
            (True, 0.5, "Délai légal : reste moins d'une heure"),
            (True, 31, "Délai légal : reste 31 h"),
            (True, 24 * 8, "Délai légal"),  # CSP L1111-7: 8 days, not yet in hours
            (False, -24, "En retard"),
            (False, 24 * 6, "Dans les 7 jours"),
            (False, 24 * 30, "À venir"),
        ]
        for legal, due_in, words in table:
            with self.subTest(legal=legal, due_in=due_in):
                self.assertEqual(
                    priority.urgency_label(legal=legal, due_at=hours(due_in), now=NOW), words
                )
