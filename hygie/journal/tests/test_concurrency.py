import threading
from itertools import pairwise
from unittest import skipIf

from django.db import connection
from django.test import TransactionTestCase

from hygie.accounts.models import User
from hygie.journal.actions import chain_key, record
from hygie.journal.models import Chain, Entry
from hygie.journal.verify import verify
from hygie.orgs.models import Kind, Organisation

THREADS = 8
EACH = 5


@skipIf(
    connection.vendor == "sqlite",
    "SQLite lets one writer at a time in (IMMEDIATE transactions): appends cannot interleave.",
)
class ConcurrentAppendTestCase(TransactionTestCase):
    def setUp(self):
        self.org = Organisation.objects.create(name="Cabinet du Dr Martin", kind=Kind.CABINET)
        self.titulaire = User.objects.create_user(
            "claire@cabinet-martin.example", "Cheval-Batterie-Agrafe-2026!", full_name="Claire"
        )

    def append_from_threads(self) -> list[BaseException]:
        start = threading.Barrier(THREADS)
        errors: list[BaseException] = []

        def work(n: int) -> None:
            try:
                start.wait()
                for i in range(EACH):
                    record(
                        action="org.settings_changed",
                        org=self.org,
                        actor=self.titulaire,
                        object_label=f"fil {n}, n° {i}",
                    )
            except BaseException as e:
                errors.append(e)
            finally:
                connection.close()

        threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return errors

    def test_simultaneous_first_appends_make_one_contiguous_chain(self):
        self.assertEqual(self.append_from_threads(), [])
        self.assert_contiguous(THREADS * EACH)

    def test_simultaneous_appends_to_a_long_chain_make_no_fork(self):
        record(action="org.created", org=self.org, actor=self.titulaire)
        self.assertEqual(self.append_from_threads(), [])
        self.assert_contiguous(1 + THREADS * EACH)

    def assert_contiguous(self, count: int) -> None:
        key = chain_key(self.org.pk)
        entries = list(Entry.objects.filter(chain=key).order_by("seq"))
        self.assertEqual([e.seq for e in entries], list(range(1, count + 1)))
        for previous, entry in pairwise(entries):
            self.assertEqual(entry.prev_hash, previous.hash)
            self.assertGreaterEqual(entry.time, previous.time)
        head = Chain.objects.get(key=key)
        self.assertEqual((head.last_seq, head.last_hash), (count, entries[-1].hash))
        self.assertTrue(verify([key]).ok)
