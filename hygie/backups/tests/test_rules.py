"""The plan's gap rules (backups/rules.py), table by table, each row citing
the seed it checks. Pure functions: no database."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path
from unittest import TestCase

from hygie.backups import rules
from hygie.backups.models import Answer, Data, Medium, Place
from hygie.backups.rules import Copy, Gap
from hygie.content.loader import LIBRARY_DIR, parse_yaml

TODAY = date(2026, 3, 16)
# A copy that breaks no rule: software and documents on an encrypted disk,
# unplugged and locked away at home, restored a month ago.
GOOD = Copy(
    key="1",
    data=frozenset({"logiciel", "documents"}),
    medium="disque",
    place="domicile",
    every_days=1,
    last_restored=date(2026, 2, 16),
)
# Its twin at the practice: together, two places.
TWIN = Copy(**{**GOOD.__dict__, "key": "2", "place": "cabinet"})


def copy(**changes) -> Copy:
    return Copy(**{**GOOD.__dict__, **changes})


GAP_TABLE = [
    # (what the row checks, with its source; the copies; the gaps expected)
    ("Seed 004, Sauvegardes 1: nothing backed up at all", [], [Gap("plan-vide")]),
    ("A sound plan: disconnected, encrypted, two places, restored", [GOOD, TWIN], []),
    (
        "Seed 003 (chez l'éditeur ou un prestataire HDS): the software's base in no copy",
        [
            copy(data=frozenset({"documents"})),
            Copy(**{**TWIN.__dict__, "data": frozenset({"documents", "messagerie"})}),
        ],
        [Gap("logiciel-absent", data=("logiciel",)), Gap("deux-lieux", data=("messagerie",))],
    ),
    (
        "Seed 002, 07 (déconnectées): documents only on disks left plugged in",
        [
            copy(data=frozenset({"documents"}), offline="non"),
            Copy(
                **{**TWIN.__dict__, "data": frozenset({"documents", "logiciel"}), "offline": "nsp"}
            ),
            copy(key="3", data=frozenset({"logiciel"})),
        ],
        [Gap("copie-deconnectee", data=("documents",))],
    ),
    (
        "Seed 002, 07 (tester la restauration): never restored, or beyond its period",
        [copy(last_restored=None), Copy(**{**TWIN.__dict__, "last_restored": date(2025, 12, 15)})],
        [Gap("restauration-testee", copies=("1", "2"))],
    ),
    (
        "Seed 003 (tester régulièrement): a quarterly test done three months ago to the day",
        [copy(last_restored=date(2025, 12, 16)), TWIN],
        [],
    ),
    (
        "Seed 003 (tester régulièrement): a yearly test eleven months ago is on time",
        [copy(restore_months=12, last_restored=date(2025, 4, 16)), TWIN],
        [],
    ),
    (
        "Seed 002, 07 (deux endroits différents): every copy at the practice",
        [copy(place="cabinet"), TWIN],
        [Gap("deux-lieux", data=("documents", "logiciel"))],
    ),
    (
        "Seed 002, 07 (disque dur externe chiffré): an unencrypted disk, even at the practice",
        [GOOD, Copy(**{**TWIN.__dict__, "encrypted": "non"})],
        [Gap("chiffrement", copies=("2",))],
    ),
    (
        "Seed 003 (supports chiffrés): a NAS at the practice need not be, one at home must",
        [
            copy(medium="nas", encrypted="nsp"),
            Copy(**{**TWIN.__dict__, "medium": "nas", "encrypted": "non"}),
        ],
        [Gap("chiffrement", copies=("1",))],
    ),
    (
        "Seed 003 (prestataire certifié HDS), CSP L1111-8: a cloud copy without HDS",
        [copy(medium="cloud", place="prestataire", hds="non", locked=""), TWIN],
        [Gap("hebergeur-hds", copies=("1",))],
    ),
    (
        "CSP L1111-8: an expired certificate, or none known, is not HDS",
        [
            copy(medium="editeur", place="prestataire", hds="expire", locked=""),
            copy(key="3", medium="prestataire", place="prestataire", hds="inconnu", locked=""),
            copy(key="4", medium="prestataire", place="prestataire", hds="oui", locked=""),
            TWIN,
        ],
        [Gap("hebergeur-hds", copies=("1", "3"))],
    ),
    (
        "Seeds 003 and 004 (régulièrement): a monthly backup; a weekly one is enough",
        [copy(every_days=30), Copy(**{**TWIN.__dict__, "every_days": 7})],
        [Gap("frequence", copies=("1",))],
    ),
    (
        "Seed 004, Sauvegardes 2 (coffre-fort ou armoire à clé): a disk left out",
        [copy(locked="nsp"), Copy(**{**TWIN.__dict__, "medium": "nas", "locked": "non"})],
        [Gap("rangement-sous-cle", copies=("1", "2"))],
    ),
    (
        "Seed 004, Sauvegardes 2: a hosted copy has nothing to lock away",
        [copy(medium="prestataire", place="prestataire", hds="oui", locked=""), TWIN],
        [],
    ),
    (
        "Several rules at once, most serious first",
        [
            copy(
                place="cabinet",
                offline="non",
                encrypted="non",
                every_days=91,
                locked="non",
                last_restored=None,
            )
        ],
        [
            Gap("copie-deconnectee", data=("documents", "logiciel")),
            Gap("restauration-testee", copies=("1",)),
            Gap("deux-lieux", data=("documents", "logiciel")),
            Gap("chiffrement", copies=("1",)),
            Gap("frequence", copies=("1",)),
            Gap("rangement-sous-cle", copies=("1",)),
        ],
    ),
]


class GapRulesTestCase(TestCase):
    def test_each_row_of_the_table(self):
        for what, copies, expected in GAP_TABLE:
            with self.subTest(what):
                self.assertEqual(rules.gaps(copies, TODAY), expected)

    def test_the_restore_test_is_due_its_period_after_it_worked(self):
        self.assertEqual(
            rules.restore_due(copy(last_restored=date(2025, 11, 30))), date(2026, 2, 28)
        )
        self.assertIsNone(rules.restore_due(copy(last_restored=None)))

    def test_every_rule_has_its_wording_in_the_content_library_and_no_more(self):
        library = parse_yaml((LIBRARY_DIR / "backup_rules.yaml").read_text())
        self.assertEqual([i["id"] for i in library["items"]], list(rules.RULES))


ANSWER_TABLE = [
    # (what the row checks; the copies; sauvegarde-deconnectee; sauvegarde-hors-cabinet)
    ("No plan: the person answers", [], None, None),
    ("A disconnected, encrypted copy at home and one at the practice", [GOOD, TWIN], "oui", "oui"),
    (
        "Every copy always plugged in, every copy at the practice",
        [copy(place="cabinet", offline="non")],
        "non",
        "non",
    ),
    (
        "Some data without a disconnected copy, others with: not evident",
        [
            copy(data=frozenset({"documents"}), offline="non"),
            copy(key="2", data=frozenset({"logiciel"})),
        ],
        None,
        "oui",
    ),
    (
        "Outside the practice, but not encrypted",
        [copy(encrypted="non"), TWIN],
        "oui",
        "non_chiffree",
    ),
    (
        "Outside the practice, encryption unknown: not evident",
        [copy(encrypted="nsp"), TWIN],
        "oui",
        None,
    ),
    (
        "Encrypted at a host without HDS certificate: not evident",
        [copy(medium="cloud", place="prestataire", hds="inconnu", offline="nsp"), TWIN],
        "oui",
        None,
    ),
    (
        "Encrypted at an HDS host",
        [copy(medium="prestataire", place="prestataire", hds="oui"), TWIN],
        "oui",
        "oui",
    ),
]


class PlanAnswersTestCase(TestCase):
    def test_each_row_of_the_table(self):
        for what, copies, offline, offsite in ANSWER_TABLE:
            with self.subTest(what):
                self.assertEqual(rules.offline_answer(copies), offline)
                self.assertEqual(rules.offsite_answer(copies), offsite)


class SchedulesTestCase(TestCase):
    def test_a_scheduled_backup_is_checked_weekly_at_most_often(self):
        table = [(1, False, 1), (1, True, 7), (7, True, 7), (30, True, 30), (30, False, 30)]
        for every, automatic, expected in table:
            with self.subTest(every=every, automatic=automatic):
                self.assertEqual(rules.backup_every(every, automatic), expected)

    def test_a_daily_backup_is_recalled_only_when_due_others_the_day_before_too(self):
        self.assertEqual(rules.reminder_hours(1), (48,))
        self.assertEqual(rules.reminder_hours(7), (24,))
        self.assertEqual(rules.reminder_hours(91), (24,))

    def test_a_certificate_past_its_end_is_expired(self):
        table = [
            ("oui", None, "oui"),
            ("oui", date(2026, 3, 16), "oui"),
            ("oui", date(2026, 3, 15), "expire"),
            ("non", None, "non"),
            ("inconnu", None, "inconnu"),
        ]
        for certified, until, expected in table:
            with self.subTest(certified=certified, until=until):
                self.assertEqual(rules.hds_status(certified, until, TODAY), expected)


class PurityTestCase(TestCase):
    def test_the_rules_import_neither_django_nor_anything_of_hygie_but_the_law(self):
        source = Path(rules.__file__).read_text()
        names = set()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                names.add(node.module or "")
        self.assertEqual(
            sorted(n for n in names if n.startswith(("django", "hygie"))), ["hygie.law.days"]
        )


class ChoicesTestCase(TestCase):
    def test_the_rules_speak_of_the_plan_s_own_choices(self):
        self.assertLessEqual(rules.HOSTED | rules.PHYSICAL, set(Medium.values))
        # CSP L1111-8: a provider, the vendor and a cloud keep the data for the practice.
        self.assertEqual(rules.HOSTED, {Medium.PROVIDER, Medium.VENDOR, Medium.CLOUD})
        self.assertEqual(rules.PHYSICAL, {Medium.DISK, Medium.NAS})
        self.assertEqual(rules.DISK, Medium.DISK)
        self.assertEqual(rules.PRACTICE, Place.PRACTICE)
        self.assertEqual(rules.YES, Answer.YES)
        self.assertEqual(rules.SOFTWARE, Data.SOFTWARE)
