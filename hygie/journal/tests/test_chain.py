from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase

from hygie.journal.chain import GENESIS, HASHED_FIELDS, canonical, entry_hash

KEY = "clé-du-journal-de-test"
FIELDS = {
    "chain": "org:1",
    "seq": 7,
    "time": datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=UTC),
    "org_id": 1,
    "org_label": "Cabinet du Dr Martin",
    "actor_id": 3,
    "actor_label": "claire@cabinet-martin.example",
    "action": "member.role_changed",
    "object_type": "orgs.membership",
    "object_id": "12",
    "object_label": "Paul Petit",
    "details": {"rôle": ["Praticien", "Titulaire"]},
    "ip": "192.0.2.10",
}

# Each hashed field, and a value differing from FIELDS in that field only.
CHANGED = {
    "chain": "org:2",
    "seq": 8,
    "time": FIELDS["time"] + timedelta(microseconds=1),
    "org_id": 2,
    "org_label": "Cabinet du Dr Martín",
    "actor_id": 4,
    "actor_label": "paul@cabinet-martin.example",
    "action": "member.removed",
    "object_type": "orgs.invitation",
    "object_id": "13",
    "object_label": "Paul Petit ",
    "details": {"rôle": ["Praticien", "Secrétariat"]},
    "ip": "192.0.2.11",
}


class ChainFunctionsTestCase(SimpleTestCase):
    def test_the_table_covers_every_hashed_field(self):
        self.assertEqual(set(CHANGED), set(HASHED_FIELDS))

    def test_it_is_deterministic(self):
        first = entry_hash(KEY, GENESIS, FIELDS)
        self.assertEqual(entry_hash(KEY, GENESIS, dict(FIELDS)), first)
        self.assertRegex(first, r"^[0-9a-f]{64}$")

    def test_it_ignores_the_order_of_fields_and_of_detail_keys(self):
        reordered = dict(reversed(list(FIELDS.items())))
        reordered["details"] = {"b": 2, "a": 1}
        fields = {**FIELDS, "details": {"a": 1, "b": 2}}
        self.assertEqual(entry_hash(KEY, GENESIS, reordered), entry_hash(KEY, GENESIS, fields))

    def test_it_ignores_fields_that_are_not_hashed(self):
        fields = {**FIELDS, "id": 99, "hash": "x", "prev_hash": "y"}
        self.assertEqual(entry_hash(KEY, GENESIS, fields), entry_hash(KEY, GENESIS, FIELDS))

    def test_it_hashes_the_same_instant_alike_in_any_time_zone(self):
        paris = FIELDS["time"].astimezone(ZoneInfo("Europe/Paris"))
        self.assertEqual(canonical({**FIELDS, "time": paris}), canonical(FIELDS))

    def test_every_hashed_field_changes_the_hash(self):
        original = entry_hash(KEY, GENESIS, FIELDS)
        for name, value in CHANGED.items():
            with self.subTest(field=name):
                self.assertNotEqual(entry_hash(KEY, GENESIS, {**FIELDS, name: value}), original)

    def test_an_empty_value_differs_from_a_missing_one(self):
        original = entry_hash(KEY, GENESIS, FIELDS)
        for name, value in [("org_id", None), ("ip", None), ("details", {}), ("object_id", "")]:
            with self.subTest(field=name):
                self.assertNotEqual(entry_hash(KEY, GENESIS, {**FIELDS, name: value}), original)

    def test_the_previous_hash_changes_the_hash(self):
        self.assertNotEqual(entry_hash(KEY, "1" * 64, FIELDS), entry_hash(KEY, GENESIS, FIELDS))

    def test_the_key_changes_the_hash(self):
        self.assertNotEqual(
            entry_hash("une-autre-clé", GENESIS, FIELDS), entry_hash(KEY, GENESIS, FIELDS)
        )

    def test_it_refuses_fields_missing_from_the_entry(self):
        fields = dict(FIELDS)
        del fields["ip"]
        with self.assertRaises(KeyError):
            entry_hash(KEY, GENESIS, fields)
