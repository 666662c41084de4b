from datetime import UTC, date, datetime

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from hygie.journal.actions import INSTANCE_CHAIN, changes, record
from hygie.journal.chain import GENESIS
from hygie.journal.models import Chain, Entry
from hygie.journal.verify import verify
from hygie.orgs.models import Organisation
from hygie.tests.base import BaseTestCase


class RecordTestCase(BaseTestCase):
    def test_it_appends_numbered_entries_each_linked_to_the_previous(self):
        entries = [
            record(action="org.settings_changed", org=self.org, actor=self.titulaire)
            for _ in range(3)
        ]
        self.assertEqual([e.seq for e in entries], [1, 2, 3])
        self.assertEqual({e.chain for e in entries}, {f"org:{self.org.pk}"})
        self.assertEqual(entries[0].prev_hash, GENESIS)
        self.assertEqual(entries[1].prev_hash, entries[0].hash)
        self.assertEqual(entries[2].prev_hash, entries[1].hash)
        self.assertEqual(len({e.hash for e in entries}), 3)

    def test_it_moves_the_chain_head_to_the_last_entry(self):
        record(action="org.settings_changed", org=self.org, actor=self.titulaire)
        last = record(action="member.removed", org=self.org, actor=self.titulaire)
        head = Chain.objects.get(key=f"org:{self.org.pk}")
        self.assertEqual((head.last_seq, head.last_hash), (2, last.hash))

    def test_each_organisation_has_a_chain_of_its_own(self):
        record(action="org.settings_changed", org=self.org, actor=self.titulaire)
        record(action="org.settings_changed", org=self.org, actor=self.titulaire)
        theirs = record(action="org.settings_changed", org=self.other_org, actor=self.outsider)
        self.assertEqual(theirs.chain, f"org:{self.other_org.pk}")
        self.assertEqual(theirs.seq, 1)
        self.assertEqual(theirs.prev_hash, GENESIS)

    def test_it_appends_account_events_to_the_instance_chain(self):
        before = Chain.objects.get(key=INSTANCE_CHAIN).last_seq
        entry = record(action="login.success", actor=self.praticien)
        self.assertEqual(entry.chain, INSTANCE_CHAIN)
        self.assertEqual(entry.seq, before + 1)
        self.assertIsNone(entry.org_id)
        self.assertEqual(entry.org_label, "")

    def test_it_refuses_an_undeclared_action(self):
        with self.assertRaises(KeyError):
            record(action="patient.read", org=self.org, actor=self.titulaire)
        self.assertFalse(Entry.objects.filter(org_id=self.org.pk).exists())

    def test_it_records_who_what_and_from_where(self):
        request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10")
        entry = record(
            action="member.role_changed",
            org=self.org,
            actor=self.titulaire,
            obj=self.membership(self.praticien),
            object_label="Paul Petit",
            details={"rôle": ["Praticien", "Titulaire"]},
            request=request,
        )
        entry.refresh_from_db()
        self.assertEqual(entry.org_label, "Cabinet du Dr Martin")
        self.assertEqual(entry.actor_id, self.titulaire.pk)
        self.assertEqual(entry.actor_label, "claire@cabinet-martin.example")
        self.assertEqual(entry.object_type, "orgs.membership")
        self.assertEqual(entry.object_id, str(self.membership(self.praticien).pk))
        self.assertEqual(entry.details, {"rôle": ["Praticien", "Titulaire"]})
        self.assertEqual(entry.ip, "192.0.2.10")
        self.assertEqual(entry.action_label, "Rôle modifié")

    def test_it_keeps_an_anonymous_actor_as_a_label_only(self):
        entry = record(
            action="login.failure", actor=AnonymousUser(), actor_label="inconnu@example.org"
        )
        self.assertIsNone(entry.actor_id)
        self.assertEqual(entry.actor_label, "inconnu@example.org")

    def test_entries_stay_verifiable_whatever_their_ip_address(self):
        for address in ["192.0.2.10", "2001:DB8:0:0:0:0:0:1", "::ffff:192.0.2.10", "::1"]:
            with self.subTest(address=address):
                request = RequestFactory().get("/", REMOTE_ADDR=address)
                record(action="login.success", actor=self.praticien, request=request)
                self.assertEqual(verify().breaks, [])

    def test_it_drops_an_address_that_is_not_one(self):
        request = RequestFactory().get("/", REMOTE_ADDR="inconnu")
        entry = record(action="login.success", actor=self.praticien, request=request)
        self.assertIsNone(entry.ip)

    def test_entries_stay_verifiable_whatever_their_labels_and_details(self):
        record(
            action="org.settings_changed",
            org=self.org,
            actor=self.titulaire,
            object_label='Accents éèà, guillemets « », emoji 🩺, \\ et "',
            details={"nombre": 3, "décimal": 0.1, "vrai": True, "rien": None, "liste": [1, "a"]},
        )
        self.assertEqual(verify().breaks, [])

    def test_entries_stay_verifiable_whatever_numbers_their_details_hold(self):
        for value in [1e20, 2.0, -0.0, 1.5e-7, 0.1 + 0.2, 12345678901234567890, (1.0, 2.5)]:
            with self.subTest(value=value):
                record(action="org.settings_changed", org=self.org, details={"valeur": value})
                self.assertEqual(verify().breaks, [])


class ChangesTestCase(BaseTestCase):
    def test_it_lists_only_the_fields_that_differ(self):
        before = {"name": "Cabinet", "require_mfa": False, "session_idle_minutes": 30}
        after = {"name": "Cabinet", "require_mfa": True, "session_idle_minutes": 15}
        self.assertEqual(
            changes(before, after),
            {"require_mfa": [False, True], "session_idle_minutes": [30, 15]},
        )

    def test_it_is_empty_when_nothing_changed(self):
        self.assertEqual(changes({"a": 1}, {"a": 1}), {})

    def test_a_model_names_its_fields_and_choices_in_french(self):
        before = {"kind": "cabinet", "require_mfa": False}
        after = {"kind": "msp", "require_mfa": True}
        self.assertEqual(
            changes(before, after, model=Organisation),
            {
                "type de structure": [
                    "Cabinet individuel",
                    "Maison de santé pluriprofessionnelle (MSP)",
                ],
                "exiger la double authentification de tous les membres": [False, True],
            },
        )

    def test_line_endings_of_a_textarea_are_no_change(self):
        self.assertEqual(
            changes({"address": "1 rue\n69003 Lyon"}, {"address": "1 rue\r\n69003 Lyon"}), {}
        )


class FrenchDetailsTestCase(BaseTestCase):
    def test_a_time_is_recorded_in_french_in_the_organisations_zone_named(self):
        self.org.time_zone = "America/Martinique"
        moment = datetime(2026, 12, 16, 17, 0, tzinfo=UTC)
        entry = record(action="org.settings_changed", org=self.org, details={"à": moment})
        self.assertEqual(
            entry.details, {"à": "mercredi 16 décembre 2026 à 13:00 (heure de la Martinique)"}
        )
        self.assertEqual(verify().breaks, [])

    def test_a_date_is_recorded_in_french(self):
        entry = record(
            action="org.settings_changed", org=self.org, details={"le": [date(2026, 12, 1), None]}
        )
        self.assertEqual(entry.details, {"le": ["mardi 1er décembre 2026", None]})
