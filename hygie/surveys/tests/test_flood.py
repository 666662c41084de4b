from datetime import UTC, datetime, timedelta

from django.test import SimpleTestCase

from hygie.surveys import flood

T0 = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


class FlagsTest(SimpleTestCase):
    CASES = [
        # counts per window, flagged windows
        ([], []),
        ([3, 0, 4, 2], [False] * 4),
        # 40 answers in ten minutes against a usual 4: flagged.
        ([4, 3, 40, 5, 4], [False, False, True, False, False]),
        # Far above the usual rate, but under 30 answers: not a flood.
        ([1, 1, 29, 1], [False, False, False, False]),
        # 30 is enough when above five times the median.
        ([1, 1, 30, 1], [False, False, True, False]),
        # Exactly five times the median is not « more than ».
        ([6, 6, 30, 6], [False, False, False, False]),
        # Empty windows do not lower the usual rate.
        ([8, 0, 0, 0, 0, 0, 41, 8], [False] * 6 + [True, False]),
        # A survey that is all flood has nothing to compare with.
        ([200], [False]),
    ]

    def test_it_flags_windows_far_above_the_usual_rate(self):
        for counts, expected in self.CASES:
            with self.subTest(counts=counts):
                self.assertEqual(flood.flags(counts), expected)


class WindowsTest(SimpleTestCase):
    def test_it_counts_per_ten_minutes_with_empty_windows_between(self):
        times = [
            (T0 + timedelta(minutes=1), False),
            (T0 + timedelta(minutes=9), False),
            (T0 + timedelta(minutes=31), True),
        ]
        found = flood.windows(times)
        self.assertEqual(
            [w.start for w in found], [T0 + timedelta(minutes=m) for m in (0, 10, 20, 30)]
        )
        self.assertEqual([(w.count, w.excluded) for w in found], [(2, 0), (0, 0), (0, 0), (0, 1)])

    def test_an_excluded_flood_stays_flagged(self):
        times = [(T0 + timedelta(minutes=10 * i), False) for i in range(6)]
        times += [(T0 + timedelta(minutes=61), True)] * 50
        found = flood.windows(times)
        self.assertTrue(found[-1].flagged)
        self.assertEqual(found[-1].count, 0)
        self.assertEqual(found[-1].excluded, 50)

    def test_windows_are_aligned(self):
        self.assertEqual(
            flood.window_start(datetime(2026, 12, 6, 9, 47, 59, tzinfo=UTC)),
            datetime(2026, 12, 6, 9, 40, tzinfo=UTC),
        )

    def test_coarsen_keeps_the_total_and_the_flags(self):
        times = [(T0 + timedelta(minutes=10 * i), False) for i in range(300)]
        times += [(T0 + timedelta(minutes=2000), False)] * 40
        found = flood.windows(times)
        bars = flood.coarsen(found, most=100)
        self.assertLessEqual(len(bars), 100)
        self.assertEqual(sum(b[1] for b in bars), 340)
        self.assertEqual(sum(1 for b in bars if b[2]), 1)
